import { Oid } from "./der/oids.js";
import { nullValue, octetString, oid, sequence, smallInteger } from "./der/writer.js";
import { buffer, randomBytes, subtle } from "./webcrypto.js";

// The writing side of PBES2 (RFC 8018 §6.2.1), for generateKeyPair; pbes2.ts reads.

/**
 * PBKDF2 iterations for keys we write. 100,000 is the most Cloudflare Workers' WebCrypto will
 * run (it throws NotSupportedError above), and a key that one supported runtime cannot open
 * would be a trap; it is also 50 times OpenSSL's default of 2,048. OWASP's 600,000 would
 * lock Workers out.
 */
export const PBKDF2_ITERATIONS = 100_000;

/**
 * Encrypts a PrivateKeyInfo as EncryptedPrivateKeyInfo with PBES2: PBKDF2-HMAC-SHA256, a
 * 16-byte random salt, AES-256-CBC with a random IV (RFC 8018 §6.2.1), as
 * `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` writes it.
 */
export async function encryptPkcs8(pkcs8: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const base = await subtle().importKey(
    "raw",
    new TextEncoder().encode(passphrase),
    "PBKDF2",
    false,
    ["deriveKey"],
  );
  const aesKey = await subtle().deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations: PBKDF2_ITERATIONS },
    base,
    { name: "AES-CBC", length: 256 },
    false,
    ["encrypt"],
  );
  const encrypted = new Uint8Array(
    await subtle().encrypt({ name: "AES-CBC", iv }, aesKey, buffer(pkcs8)),
  );
  return sequence(
    sequence(
      oid(Oid.pbes2),
      sequence(
        sequence(
          oid(Oid.pbkdf2),
          sequence(
            octetString(salt),
            smallInteger(PBKDF2_ITERATIONS),
            sequence(oid(Oid.hmacWithSHA256), nullValue()),
          ),
        ),
        sequence(oid(Oid.aes256Cbc), octetString(iv)),
      ),
    ),
    octetString(encrypted),
  );
}
