import { DerReader } from "./der/reader.js";
import { Tag } from "./der/tags.js";
import { isKeyFormatError } from "./errors.js";

/** What a DER buffer looks like from its outer shape, before reading it properly. */
export type DerKind =
  | "spki"
  | "rsa-public"
  | "pkcs8"
  | "rsa-private"
  | "encrypted-pkcs8"
  | "certificate"
  | "ec-private"
  | "dsa-private"
  | "unknown";

/**
 * Classifies DER by the tags of the outer SEQUENCE's children, so that a private key or a
 * certificate is recognised (and refused with the right code) whatever label it came under.
 */
export function identifyDer(der: Uint8Array): DerKind {
  const tags: number[] = [];
  try {
    const outer = new DerReader(der, "DER");
    const top = outer.sequence("outer SEQUENCE");
    outer.finish("outer SEQUENCE");
    // RSAPrivateKey with otherPrimeInfos has the most top-level children we care about (10).
    while (!top.done && tags.length < 12) tags.push(top.next().tag);
  } catch (error) {
    if (isKeyFormatError(error)) return "unknown";
    throw error;
  }
  const shape = tags.join(",");
  const I = Tag.INTEGER;
  const S = Tag.SEQUENCE;
  // RFC 5280 §4.1.2.7 SubjectPublicKeyInfo: AlgorithmIdentifier, BIT STRING.
  if (shape === `${S},${Tag.BIT_STRING}`) return "spki";
  // RFC 5958 §3 EncryptedPrivateKeyInfo: AlgorithmIdentifier, OCTET STRING.
  if (shape === `${S},${Tag.OCTET_STRING}`) return "encrypted-pkcs8";
  // RFC 5280 §4.1 Certificate, RFC 2986 §4.2 CertificationRequest, RFC 5280 §5.1 CertificateList:
  // to-be-signed SEQUENCE, AlgorithmIdentifier, BIT STRING signature.
  if (shape === `${S},${S},${Tag.BIT_STRING}`) return "certificate";
  // RFC 5208 §5 / RFC 5958 §2 PrivateKeyInfo: version, AlgorithmIdentifier, OCTET STRING, ...
  if (tags[0] === I && tags[1] === S && tags[2] === Tag.OCTET_STRING) return "pkcs8";
  // RFC 8017 Appendix A.1.1 RSAPublicKey.
  if (shape === `${I},${I}`) return "rsa-public";
  const leadingIntegers = tags.findIndex((tag) => tag !== I);
  const integers = leadingIntegers === -1 ? tags.length : leadingIntegers;
  // RFC 8017 Appendix A.1.2 RSAPrivateKey: version and eight numbers (+ otherPrimeInfos).
  if (integers === 9) return "rsa-private";
  // The OpenSSL "DSA PRIVATE KEY" form: version, p, q, g, y, x.
  if (integers === 6 && tags.length === 6) return "dsa-private";
  // RFC 5915 §3 ECPrivateKey: version 1, OCTET STRING, [0] parameters, [1] publicKey.
  if (tags[0] === I && tags[1] === Tag.OCTET_STRING) return "ec-private";
  return "unknown";
}
