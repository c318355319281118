/** The universal tags (X.680 §8.4) and context tags our structures use. */
export const Tag = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
  /** `[0] IMPLICIT` constructed: PrivateKeyInfo attributes, TBSCertificate version. */
  CONTEXT_0: 0xa0,
  /** `[1] IMPLICIT` primitive: OneAsymmetricKey publicKey (RFC 5958 §2). */
  CONTEXT_1_PRIMITIVE: 0x81,
  /** `[1]` constructed: ECPrivateKey publicKey (RFC 5915 §3). */
  CONTEXT_1: 0xa1,
} as const;
