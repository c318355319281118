import { Oid } from "./der/oids.js";
import { DerReader } from "./der/reader.js";
import { Tag } from "./der/tags.js";
import { isKeyFormatError } from "./errors.js";
import {
  badPassphrase,
  callHook,
  type LegacyCipher,
  type LegacyCrypto,
  passphraseRequired,
  unpad,
  unsupportedEncryption,
} from "./legacy.js";
import { buffer, subtle } from "./webcrypto.js";

// PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 §3) with PBES2 (RFC 8018 §6.2): PBKDF2 derives
// the key from the passphrase, a CBC block cipher encrypts the PrivateKeyInfo.

const FOUND = "an encrypted PKCS#8 private key (-----BEGIN ENCRYPTED PRIVATE KEY-----)";

/**
 * Most PBKDF2 iterations an encrypted private key may declare: twice what `generateKeyPair`
 * writes (100,000; OpenSSL's default is 2,048), low enough that one import of a hostile or
 * mistaken key stays well under a second of CPU, since a Flows endpoint imports its key on every
 * start, some several times. A key above it is refused with `UNSUPPORTED_ENCRYPTION` and the
 * `openssl` command that re-encrypts it with 100,000.
 *
 * Measured with `pnpm --filter @d360-messaging/keys bench` (Node 20, a shared two-core machine
 * at load average 6–8): one whole import at 200,000 iterations took 150–390 ms median (HMAC-SHA256
 * fastest, SHA-1 slowest), at most 750 ms; at 1,000,000 iterations 0.65–1.7 s median.
 */
export const MAX_PBKDF2_ITERATIONS = 200_000;

/** PBKDF2 pseudo-random functions (RFC 8018 Appendix B.1) by OID, as WebCrypto hash names. */
const PRFS = new Map<string, string>([
  [Oid.hmacWithSHA1, "SHA-1"],
  [Oid.hmacWithSHA256, "SHA-256"],
  [Oid.hmacWithSHA384, "SHA-384"],
  [Oid.hmacWithSHA512, "SHA-512"],
]);

interface CipherSpec {
  readonly name: string;
  readonly legacy: LegacyCipher;
  readonly keyLength: number;
  readonly blockSize: number;
  /** WebCrypto can run it (AES); otherwise only the runtime's hook can. */
  readonly web: boolean;
}

/** Encryption schemes (RFC 8018 Appendix B.2) by OID. */
const CIPHERS = new Map<string, CipherSpec>([
  [
    Oid.aes128Cbc,
    { name: "AES-128-CBC", legacy: "aes-128-cbc", keyLength: 16, blockSize: 16, web: true },
  ],
  [
    Oid.aes192Cbc,
    { name: "AES-192-CBC", legacy: "aes-192-cbc", keyLength: 24, blockSize: 16, web: true },
  ],
  [
    Oid.aes256Cbc,
    { name: "AES-256-CBC", legacy: "aes-256-cbc", keyLength: 32, blockSize: 16, web: true },
  ],
  [
    Oid.desEde3Cbc,
    { name: "DES-EDE3-CBC", legacy: "des-ede3-cbc", keyLength: 24, blockSize: 8, web: false },
  ],
  [Oid.desCbc, { name: "DES-CBC", legacy: "des-cbc", keyLength: 8, blockSize: 8, web: false }],
]);

/** Names for the PBES1 and PKCS#12 schemes older tools wrote (RFC 8018 §6.1, RFC 7292 Appendix C). */
function legacySchemeName(algorithm: string): string | undefined {
  if (/^1\.2\.840\.113549\.1\.5\.(3|6|10|11)$/.test(algorithm)) return "PBES1 (RFC 8018 §6.1)";
  if (/^1\.2\.840\.113549\.1\.12\.1\.[1-6]$/.test(algorithm))
    return "a PKCS#12 password-based scheme";
  if (algorithm === "1.3.6.1.4.1.11591.4.11") return "scrypt";
  return undefined;
}

interface Pbes2Params {
  readonly hash: string;
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly cipher: CipherSpec;
  readonly iv: Uint8Array;
  readonly encryptedData: Uint8Array;
}

function readPbes2(der: Uint8Array): Pbes2Params {
  const outer = new DerReader(der, "The encrypted private key");
  const info = outer.sequence("EncryptedPrivateKeyInfo");
  outer.finish("EncryptedPrivateKeyInfo");
  const algorithm = info.sequence("encryptionAlgorithm");
  const scheme = algorithm.oid("algorithm");
  if (scheme !== Oid.pbes2) {
    const name = legacySchemeName(scheme) ?? "an unknown encryption scheme";
    throw unsupportedEncryption(
      `${FOUND} encrypted with ${name}`,
      "this package decrypts PBES2 only",
    );
  }
  const params = algorithm.sequence("PBES2-params");
  algorithm.finish("encryptionAlgorithm");
  const encryptedData = info.octetString("encryptedData");
  info.finish("EncryptedPrivateKeyInfo");

  const kdf = params.sequence("keyDerivationFunc");
  const kdfOid = kdf.oid("keyDerivationFunc");
  if (kdfOid !== Oid.pbkdf2) {
    const name = legacySchemeName(kdfOid) ?? "an unknown key derivation function";
    throw unsupportedEncryption(
      `${FOUND} whose key is derived with ${name}`,
      "only PBKDF2 is supported",
    );
  }
  const kdfParams = kdf.sequence("PBKDF2-params");
  kdf.finish("keyDerivationFunc");
  // salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier }: no tool writes otherSource.
  const salt = kdfParams.octetString("salt");
  const iterations = kdfParams.smallInteger("iterationCount", Number.MAX_SAFE_INTEGER);
  const keyLength =
    kdfParams.peekTag() === Tag.INTEGER ? kdfParams.smallInteger("keyLength", 1024) : undefined;
  let hash = "SHA-1"; // RFC 8018 Appendix A.2: prf DEFAULT algid-hmacWithSHA1
  if (!kdfParams.done) {
    const prf = kdfParams.sequence("prf");
    const prfOid = prf.oid("prf");
    if (prf.peekTag() === Tag.NULL) prf.null("prf parameters");
    prf.finish("prf");
    const known = PRFS.get(prfOid);
    if (known === undefined) {
      throw unsupportedEncryption(
        `${FOUND} using an HMAC that WebCrypto lacks (e.g. hmacWithSHA224)`,
        "PBKDF2 runs on WebCrypto with SHA-1, SHA-256, SHA-384 or SHA-512 only",
      );
    }
    hash = known;
  }
  kdfParams.finish("PBKDF2-params");

  const scheme2 = params.sequence("encryptionScheme");
  const cipherOid = scheme2.oid("encryptionScheme");
  const cipher = CIPHERS.get(cipherOid);
  if (cipher === undefined) {
    throw unsupportedEncryption(
      `${FOUND} encrypted with a cipher this package does not know`,
      "supported are AES-128/192/256-CBC everywhere and DES-EDE3-CBC on Node",
    );
  }
  const iv = scheme2.octetString("IV");
  scheme2.finish("encryptionScheme");
  params.finish("PBES2-params");

  if (iv.length !== cipher.blockSize) outer.fail("IV length does not match the cipher");
  if (keyLength !== undefined && keyLength !== cipher.keyLength)
    outer.fail("keyLength does not match the cipher");
  if (salt.length === 0 || iterations === 0) outer.fail("empty salt or zero iterations");
  if (encryptedData.length === 0 || encryptedData.length % cipher.blockSize !== 0) {
    outer.fail("encrypted data is not a whole number of cipher blocks");
  }
  if (iterations > MAX_PBKDF2_ITERATIONS) {
    throw unsupportedEncryption(
      `${FOUND} with ${iterations.toLocaleString("en-US")} PBKDF2 iterations`,
      `more than ${MAX_PBKDF2_ITERATIONS.toLocaleString("en-US")} are refused, because every import of such a key would take a second or more of CPU (a server imports it on each start, some several times)`,
    );
  }
  return { hash, salt, iterations, cipher, iv, encryptedData };
}

async function pbkdf2(
  passphrase: string,
  hash: string,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Promise<Uint8Array> {
  try {
    const base = await subtle().importKey(
      "raw",
      new TextEncoder().encode(passphrase),
      "PBKDF2",
      false,
      ["deriveBits"],
    );
    const bits = await subtle().deriveBits(
      { name: "PBKDF2", hash, salt: buffer(salt), iterations },
      base,
      length * 8,
    );
    return new Uint8Array(bits);
  } catch {
    // Cloudflare Workers, for one, refuses more than 100,000 iterations (NotSupportedError).
    throw unsupportedEncryption(
      `${FOUND} with ${iterations} PBKDF2-HMAC-${hash} iterations`,
      "this runtime's WebCrypto refused to derive its key",
    );
  }
}

async function decryptAes(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  cipher: CipherSpec,
  legacy: LegacyCrypto | undefined,
): Promise<Uint8Array | undefined> {
  let aesKey: CryptoKey;
  try {
    aesKey = await subtle().importKey("raw", buffer(key), "AES-CBC", false, ["decrypt"]);
  } catch {
    // Chromium's WebCrypto has no 192-bit AES; the runtime's hook may.
    if (legacy === undefined) {
      throw unsupportedEncryption(
        `${FOUND} encrypted with ${cipher.name}`,
        "this runtime's WebCrypto does not support that key size",
      );
    }
    return decryptWithHook(key, iv, data, cipher, legacy);
  }
  try {
    // WebCrypto AES-CBC removes and checks the PKCS#7 padding itself.
    return new Uint8Array(
      await subtle().decrypt({ name: "AES-CBC", iv: buffer(iv) }, aesKey, buffer(data)),
    );
  } catch {
    return undefined;
  }
}

function decryptWithHook(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  cipher: CipherSpec,
  legacy: LegacyCrypto,
): Uint8Array | undefined {
  const plain = callHook(`${FOUND} encrypted with ${cipher.name}`, () =>
    legacy.decryptCbc(cipher.legacy, key, iv, data),
  );
  return unpad(plain, cipher.blockSize);
}

/**
 * Decrypts an EncryptedPrivateKeyInfo to the PrivateKeyInfo DER inside. Scheme checks come
 * before the passphrase check, so a key this runtime can never decrypt says so at once.
 */
export async function decryptPkcs8<T>(
  der: Uint8Array,
  passphrase: string | undefined,
  legacy: LegacyCrypto | undefined,
  decode: (plain: Uint8Array) => T,
): Promise<T> {
  const params = readPbes2(der);
  const { cipher } = params;
  if (!cipher.web && legacy === undefined) {
    throw unsupportedEncryption(
      `${FOUND} encrypted with ${cipher.name}`,
      "WebCrypto has no DES, and only the Node build of this package falls back to node:crypto",
    );
  }
  if (passphrase === undefined) throw passphraseRequired(FOUND);
  const key = await pbkdf2(
    passphrase,
    params.hash,
    params.salt,
    params.iterations,
    cipher.keyLength,
  );
  const plain = cipher.web
    ? await decryptAes(key, params.iv, params.encryptedData, cipher, legacy)
    : decryptWithHook(key, params.iv, params.encryptedData, cipher, legacy as LegacyCrypto);
  if (plain === undefined) throw badPassphrase();
  try {
    return decode(plain);
  } catch (error) {
    // Noise that happened to end in valid padding: still the wrong passphrase.
    if (isKeyFormatError(error) && error.code === "MALFORMED") throw badPassphrase();
    throw error;
  }
}
