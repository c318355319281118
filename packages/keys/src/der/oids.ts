/** Object identifiers we recognise, with the document that assigns each. */
export const Oid = {
  /** RFC 8017 Appendix C (PKCS #1). */
  rsaEncryption: "1.2.840.113549.1.1.1",
  /** RFC 4055 §3.1: an RSA key restricted to PSS signatures. */
  rsassaPss: "1.2.840.113549.1.1.10",
  /** RFC 4055 §4.1: an RSA key restricted to OAEP. */
  rsaesOaep: "1.2.840.113549.1.1.7",
  /** RFC 5480 §2.1.1. */
  ecPublicKey: "1.2.840.10045.2.1",
  /** RFC 3279 §2.3.2. */
  dsa: "1.2.840.10040.4.1",
  /** RFC 8410 §3. */
  x25519: "1.3.101.110",
  x448: "1.3.101.111",
  ed25519: "1.3.101.112",
  ed448: "1.3.101.113",
  /** RFC 8018 Appendix A.4 and A.2. */
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  /** RFC 8018 Appendix B.1.1 and B.1.2. */
  hmacWithSHA1: "1.2.840.113549.2.7",
  hmacWithSHA224: "1.2.840.113549.2.8",
  hmacWithSHA256: "1.2.840.113549.2.9",
  hmacWithSHA384: "1.2.840.113549.2.10",
  hmacWithSHA512: "1.2.840.113549.2.11",
  /** RFC 8018 Appendix B.2.5 (NIST AES modes, RFC 3565). */
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  /** RFC 8018 Appendix B.2.2 and B.2.1. */
  desEde3Cbc: "1.2.840.113549.3.7",
  desCbc: "1.3.14.3.2.7",
} as const;

/** Human names for key algorithms, for messages. */
export function keyAlgorithmName(oid: string): string {
  switch (oid) {
    case Oid.ecPublicKey:
      return "an EC key";
    case Oid.dsa:
      return "a DSA key";
    case Oid.ed25519:
      return "an Ed25519 key";
    case Oid.ed448:
      return "an Ed448 key";
    case Oid.x25519:
      return "an X25519 key";
    case Oid.x448:
      return "an X448 key";
    case Oid.rsassaPss:
      return "an RSA key restricted to RSASSA-PSS signatures";
    case Oid.rsaesOaep:
      return "an RSA key restricted by RSAES-OAEP parameters";
    default:
      return "a key of an unknown algorithm";
  }
}
