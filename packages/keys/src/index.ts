// Public API of @d360-messaging/keys, web build: WebCrypto only, the same on Node, Deno, Bun,
// browsers and Workers. index.node.ts exports the same names with node:crypto as a fallback.
// Internal on purpose: the DER reader and writer (der/), the PEM and base64 codecs, PBES2 and
// the legacy-cipher hook (legacy.ts).

import { derivePublicKeyUsing, importPrivateKeyUsing } from "./import-private-key.js";
import type { PrivateKeyOptions } from "./private-key.js";
import type { PublicKeyInfo } from "./public-key.js";
import type { CryptoKey, JsonWebKey } from "./web-types.js";

export {
  isKeyFormatError,
  KeyFormatError,
  type KeyFormatErrorCode,
} from "./errors.js";
export { publicKeyFingerprint } from "./fingerprint.js";
export {
  type GeneratedKeyPair,
  type GenerateKeyPairOptions,
  generateKeyPair,
} from "./generate.js";
export { MAX_PBKDF2_ITERATIONS } from "./pbes2.js";
export type { PrivateKeyOptions } from "./private-key.js";
export { type PublicKeyInfo, parsePublicKey } from "./public-key.js";
export type { CryptoKey, CryptoKeyShape, JsonWebKey, KeyUsage } from "./web-types.js";

/**
 * Imports an RSA private key for RSA-OAEP/SHA-256 decryption (what the WhatsApp Flows data
 * channel uses). The key is non-extractable (unless `extractable: true`) and checked to work
 * before it is returned.
 *
 * Accepts PKCS#8 PEM or DER, PKCS#1 `RSA PRIVATE KEY` PEM or DER, encrypted PKCS#8 with PBES2
 * (PBKDF2-HMAC-SHA1/256/384/512, AES-128/192/256-CBC), a private RSA JWK, or a CryptoKey
 * (returned as is when already RSA-OAEP/SHA-256 for decrypt; re-imported if extractable).
 * Literal `\n` escapes and CRLF are accepted. This web build cannot decrypt DES-EDE3-CBC or
 * legacy `Proc-Type: 4,ENCRYPTED` PEM: it throws `UNSUPPORTED_ENCRYPTION` with the `openssl`
 * command that converts the key (the Node build decrypts them).
 *
 * @param input - the private key
 * @param options - `passphrase` for an encrypted key; `extractable` to allow exporting it
 * @returns a CryptoKey with algorithm `{ name: "RSA-OAEP", hash: "SHA-256" }` and usage `decrypt`
 * @throws {KeyFormatError} `PASSPHRASE_REQUIRED`, `BAD_PASSPHRASE`, `UNSUPPORTED_ENCRYPTION`,
 *   `NOT_RSA`, `KEY_TOO_SMALL`, `CERTIFICATE`, `NOT_PEM` (also for a public key), `MALFORMED`,
 *   `TOO_LARGE` (over 16,384 characters or bytes)
 *
 * @example
 * ```ts
 * import { importPrivateKey } from "@d360-messaging/keys";
 *
 * const key = await importPrivateKey(process.env.PRIVATE_KEY ?? "", {
 *   passphrase: process.env.PRIVATE_KEY_PASSPHRASE,
 * });
 * const aesKey = await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, encryptedAesKey);
 * ```
 */
export function importPrivateKey(
  input: string | Uint8Array | JsonWebKey | CryptoKey,
  options?: PrivateKeyOptions,
): Promise<CryptoKey> {
  return importPrivateKeyUsing(undefined, input, options);
}

/**
 * The public half of an RSA private key, in the canonical form {@link parsePublicKey} returns,
 * for comparing what is uploaded to WhatsApp with what the endpoint holds (compare
 * fingerprints). Accepts and refuses exactly what {@link importPrivateKey} does.
 *
 * @param privateKey - the private key as PEM text or DER bytes
 * @param options - `passphrase` for an encrypted key
 * @throws {KeyFormatError} as {@link importPrivateKey}
 *
 * @example
 * ```ts
 * const { pem } = await derivePublicKey(privateKeyPem, { passphrase });
 * ```
 */
export function derivePublicKey(
  privateKey: string | Uint8Array,
  options?: PrivateKeyOptions,
): Promise<PublicKeyInfo> {
  return derivePublicKeyUsing(undefined, privateKey, options);
}
