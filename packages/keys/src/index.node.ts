// Public API of @d360-messaging/keys, Node build (exports condition "node"): the same names
// and signatures as index.ts (whose .d.ts both builds share), with node:crypto lent to the
// core for what WebCrypto lacks: DES-EDE3-CBC and legacy `Proc-Type: 4,ENCRYPTED` PEM.

import { derivePublicKeyUsing, importPrivateKeyUsing } from "./import-private-key.js";
import { nodeLegacyCrypto } from "./node/fallback.js";
import type { PrivateKeyOptions } from "./private-key.js";
import type { PublicKeyInfo } from "./public-key.js";
import type { CryptoKey, JsonWebKey } from "./web-types.js";

// Everything of the web build; the two functions declared below shadow its versions (a module's
// own exports win over `export *`), so the lists cannot drift apart.
export * from "./index.js";

/**
 * Imports an RSA private key for RSA-OAEP/SHA-256 decryption; see the web build's
 * `importPrivateKey` for the formats and errors. On Node it also decrypts PBES2 with
 * DES-EDE3-CBC and legacy `Proc-Type: 4,ENCRYPTED` PEM (DES-EDE3-CBC, AES-128/192/256-CBC)
 * through node:crypto.
 *
 * @param input - the private key
 * @param options - `passphrase` for an encrypted key
 * @throws {KeyFormatError} `PASSPHRASE_REQUIRED`, `BAD_PASSPHRASE`, `UNSUPPORTED_ENCRYPTION`,
 *   `NOT_RSA`, `KEY_TOO_SMALL`, `CERTIFICATE`, `NOT_PEM`, `MALFORMED`, `TOO_LARGE`
 *
 * @example
 * ```ts
 * const key = await importPrivateKey(pem, { passphrase: process.env.PRIVATE_KEY_PASSPHRASE });
 * ```
 */
export function importPrivateKey(
  input: string | Uint8Array | JsonWebKey | CryptoKey,
  options?: PrivateKeyOptions,
): Promise<CryptoKey> {
  return importPrivateKeyUsing(nodeLegacyCrypto, input, options);
}

/**
 * The public half of an RSA private key (canonical SPKI); see the web build's
 * `derivePublicKey`. On Node it also reads the encrypted formats only node:crypto decrypts.
 *
 * @param privateKey - the private key as PEM text or DER bytes
 * @param options - `passphrase` for an encrypted key
 * @throws {KeyFormatError} as importPrivateKey
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
  return derivePublicKeyUsing(nodeLegacyCrypto, privateKey, options);
}
