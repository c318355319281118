import { keyAlgorithmName, Oid } from "./der/oids.js";
import { DerReader } from "./der/reader.js";
import { Tag } from "./der/tags.js";
import { octetString, sequence, smallInteger } from "./der/writer.js";
import { KeyFormatError } from "./errors.js";
import { GENPKEY } from "./refusals.js";
import { encodeRsaPrivateKey, type RsaPrivateComponents, readRsaPrivateKey } from "./rsa.js";
import { rsaAlgorithmIdentifier } from "./spki.js";

/**
 * Reads the RSA key out of PrivateKeyInfo (RFC 5208 §5) or its successor OneAsymmetricKey
 * (RFC 5958 §2: version 1 adds an optional [1] publicKey). Attributes are skipped.
 */
export function readRsaPrivateKeyInfo(der: Uint8Array, what: string): RsaPrivateComponents {
  const outer = new DerReader(der, what);
  const info = outer.sequence("PrivateKeyInfo");
  outer.finish("PrivateKeyInfo");
  const version = info.smallInteger("version", 1);
  const algorithm = info.sequence("privateKeyAlgorithm");
  const algorithmOid = algorithm.oid("algorithm");
  if (algorithmOid !== Oid.rsaEncryption) {
    const found = `The private key is ${keyAlgorithmName(algorithmOid)}; the WhatsApp Business encryption needs a plain RSA key (rsaEncryption, 2048 bits).`;
    throw new KeyFormatError(
      "NOT_RSA",
      `${found} Generate one with generateKeyPair() or ${GENPKEY}.`,
      { found },
    );
  }
  if (algorithm.peekTag() === Tag.NULL) algorithm.null("parameters");
  algorithm.finish("privateKeyAlgorithm");
  const privateKey = info.octetString("privateKey");
  info.optional(Tag.CONTEXT_0);
  if (version === 1) info.optional(Tag.CONTEXT_1_PRIMITIVE);
  info.finish("PrivateKeyInfo");
  return readRsaPrivateKey(privateKey, what);
}

/** Encodes a canonical version-0 PrivateKeyInfo around an RSA key, the form WebCrypto imports. */
export function encodeRsaPrivateKeyInfo(key: RsaPrivateComponents): Uint8Array {
  return sequence(smallInteger(0), rsaAlgorithmIdentifier(), octetString(encodeRsaPrivateKey(key)));
}
