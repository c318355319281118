import { keyAlgorithmName, Oid } from "./der/oids.js";
import { DerReader } from "./der/reader.js";
import { Tag } from "./der/tags.js";
import { bitString, nullValue, oid, sequence } from "./der/writer.js";
import { KeyFormatError } from "./errors.js";
import { GENPKEY } from "./refusals.js";
import { encodeRsaPublicKey, type RsaPublicComponents, readRsaPublicKey } from "./rsa.js";

/**
 * Reads an RSA key out of SubjectPublicKeyInfo (RFC 5280 §4.1.2.7; RFC 3279 §2.3.1 fixes the
 * rsaEncryption parameters to NULL, which we also accept absent as some encoders write it).
 */
export function readRsaSpki(der: Uint8Array, what: string): RsaPublicComponents {
  const outer = new DerReader(der, what);
  const spki = outer.sequence("SubjectPublicKeyInfo");
  outer.finish("SubjectPublicKeyInfo");
  const algorithm = spki.sequence("AlgorithmIdentifier");
  const algorithmOid = algorithm.oid("algorithm");
  if (algorithmOid !== Oid.rsaEncryption) {
    const found = `The public key is ${keyAlgorithmName(algorithmOid)}; WhatsApp needs a plain RSA key (rsaEncryption, 2048 bits).`;
    throw new KeyFormatError(
      "NOT_RSA",
      `${found} Generate one with generateKeyPair() or ${GENPKEY}.`,
      { found },
    );
  }
  if (algorithm.peekTag() === Tag.NULL) algorithm.null("parameters");
  algorithm.finish("AlgorithmIdentifier");
  const subjectPublicKey = spki.bitString("subjectPublicKey");
  spki.finish("SubjectPublicKeyInfo");
  return readRsaPublicKey(subjectPublicKey, what);
}

/** The canonical rsaEncryption AlgorithmIdentifier, parameters NULL (RFC 8017 Appendix A.1). */
export function rsaAlgorithmIdentifier(): Uint8Array {
  return sequence(oid(Oid.rsaEncryption), nullValue());
}

/** Encodes an RSA key as SubjectPublicKeyInfo. */
export function encodeRsaSpki(key: RsaPublicComponents): Uint8Array {
  return sequence(rsaAlgorithmIdentifier(), bitString(encodeRsaPublicKey(key)));
}
