import { KeyFormatError } from "./errors.js";

/** Block ciphers that WebCrypto lacks (DES) or that only appear in legacy PEM (RFC 1423). */
export type LegacyCipher =
  | "des-ede3-cbc"
  | "des-cbc"
  | "aes-128-cbc"
  | "aes-192-cbc"
  | "aes-256-cbc";

/**
 * The primitives a runtime can lend for formats WebCrypto cannot decrypt. The core does all
 * parsing, key derivation it can, padding checks and error mapping, so every runtime reports
 * the same codes; the hook only computes. The Node build passes one built on node:crypto; the
 * web build passes none.
 */
export interface LegacyCrypto {
  /** MD5, for OpenSSL's EVP_BytesToKey in legacy `Proc-Type: 4,ENCRYPTED` PEM. */
  md5(data: Uint8Array): Uint8Array;
  /** Raw CBC decryption, no padding removed (the core checks PKCS#7 padding itself). */
  decryptCbc(cipher: LegacyCipher, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}

/**
 * The one command that rewrites any OpenSSL-readable private key as PKCS#8 with PBES2,
 * PBKDF2-HMAC-SHA256 and AES-256-CBC, which every runtime decrypts. 100,000 iterations is the
 * most Cloudflare Workers' PBKDF2 accepts.
 */
export const CONVERT_COMMAND =
  "openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 100000 -in old.pem -out new.pem";

/** The error for an encryption this runtime cannot undo. */
export function unsupportedEncryption(found: string, reason: string): KeyFormatError {
  return new KeyFormatError(
    "UNSUPPORTED_ENCRYPTION",
    `Found ${found}; ${reason}. Convert the key once (OpenSSL asks for the old and a new passphrase): \`${CONVERT_COMMAND}\`.`,
  );
}

/** Runs a hook primitive, turning any failure (e.g. a cipher missing from the OpenSSL build) into UNSUPPORTED_ENCRYPTION. */
export function callHook<T>(found: string, run: () => T): T {
  try {
    return run();
  } catch {
    throw unsupportedEncryption(found, "this runtime's crypto library could not run that cipher");
  }
}

/**
 * Removes PKCS#7 padding (RFC 8018 §6.1.1 step 4, RFC 1423 §1.1). With a wrong passphrase the
 * last block decrypts to noise, which passes this check only about once in 256 tries; the DER
 * check that follows catches the rest.
 */
export function unpad(plain: Uint8Array, blockSize: number): Uint8Array | undefined {
  const pad = plain[plain.length - 1] ?? 0;
  if (plain.length === 0 || plain.length % blockSize !== 0 || pad < 1 || pad > blockSize) {
    return undefined;
  }
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return undefined;
  return plain.subarray(0, plain.length - pad);
}

/** The refusal for a passphrase that does not decrypt the key. */
export function badPassphrase(): KeyFormatError {
  return new KeyFormatError(
    "BAD_PASSPHRASE",
    "The passphrase does not decrypt this private key (or the encrypted key is damaged). Check the passphrase; `openssl pkey -in private.pem -noout` tests it.",
  );
}

/** The refusal for an encrypted key and no passphrase. */
export function passphraseRequired(found: string): KeyFormatError {
  const what = `Found ${found} but no passphrase.`;
  return new KeyFormatError(
    "PASSPHRASE_REQUIRED",
    `${what} Pass it: importPrivateKey(key, { passphrase }).`,
    { found: what },
  );
}
