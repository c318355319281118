import { isKeyFormatError, KeyFormatError } from "./errors.js";
import { concatBytes } from "./internal/bytes.js";
import {
  badPassphrase,
  callHook,
  type LegacyCipher,
  type LegacyCrypto,
  passphraseRequired,
  unpad,
  unsupportedEncryption,
} from "./legacy.js";

// The "traditional" OpenSSL encrypted PEM (`openssl rsa -des3`, `-aes256`): RFC 1421 §4.6
// headers `Proc-Type: 4,ENCRYPTED` and `DEK-Info: <cipher>,<hex IV>` (RFC 1423 §1.1), with the
// key derived by OpenSSL's EVP_BytesToKey (one round of MD5 over passphrase and the IV's first
// eight bytes). WebCrypto has no MD5, so only a runtime hook can open these.

const FOUND = "a legacy encrypted PEM key (Proc-Type: 4,ENCRYPTED)";

const CIPHERS = new Map<string, { cipher: LegacyCipher; keyLength: number; ivLength: number }>([
  ["DES-EDE3-CBC", { cipher: "des-ede3-cbc", keyLength: 24, ivLength: 8 }],
  ["DES-CBC", { cipher: "des-cbc", keyLength: 8, ivLength: 8 }],
  ["AES-128-CBC", { cipher: "aes-128-cbc", keyLength: 16, ivLength: 16 }],
  ["AES-192-CBC", { cipher: "aes-192-cbc", keyLength: 24, ivLength: 16 }],
  ["AES-256-CBC", { cipher: "aes-256-cbc", keyLength: 32, ivLength: 16 }],
]);

/** True when the headers mark the block as encrypted. */
export function isLegacyEncrypted(headers: ReadonlyMap<string, string>): boolean {
  return headers.has("Proc-Type") || headers.has("DEK-Info");
}

function parseHex(hex: string): Uint8Array | undefined {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i-1} || pass || salt). */
function bytesToKey(
  md5: (data: Uint8Array) => Uint8Array,
  passphrase: Uint8Array,
  salt: Uint8Array,
  length: number,
): Uint8Array {
  let key: Uint8Array = new Uint8Array(0);
  let previous: Uint8Array = new Uint8Array(0);
  while (key.length < length) {
    previous = md5(concatBytes([previous, passphrase, salt]));
    key = concatBytes([key, previous]);
  }
  return key.subarray(0, length);
}

/**
 * Decrypts the body of a legacy encrypted PEM block to the DER inside (RSAPrivateKey for an
 * `RSA PRIVATE KEY` block). `decode` validates the result; a MALFORMED there means the
 * passphrase was wrong.
 */
export function decryptLegacyPem<T>(
  headers: ReadonlyMap<string, string>,
  body: Uint8Array,
  passphrase: string | undefined,
  legacy: LegacyCrypto | undefined,
  decode: (plain: Uint8Array) => T,
): T {
  const procType = headers.get("Proc-Type")?.replace(/\s+/g, "");
  const dekInfo = headers.get("DEK-Info") ?? "";
  if (procType !== "4,ENCRYPTED") {
    throw new KeyFormatError(
      "MALFORMED",
      "The PEM block has a Proc-Type header other than 4,ENCRYPTED; copy the key again.",
    );
  }
  const comma = dekInfo.indexOf(",");
  const cipherName = (comma === -1 ? dekInfo : dekInfo.slice(0, comma)).trim().toUpperCase();
  const spec = CIPHERS.get(cipherName);
  const shownName = spec ? cipherName : "an unsupported cipher";
  if (legacy === undefined) {
    throw unsupportedEncryption(
      `${FOUND} encrypted with ${shownName}`,
      "its MD5-based key derivation is not in WebCrypto, and only the Node build of this package falls back to node:crypto",
    );
  }
  if (spec === undefined) {
    throw unsupportedEncryption(
      `${FOUND} encrypted with ${shownName}`,
      "supported are DES-EDE3-CBC, DES-CBC and AES-128/192/256-CBC",
    );
  }
  const iv = parseHex(comma === -1 ? "" : dekInfo.slice(comma + 1).trim());
  if (iv === undefined || iv.length !== spec.ivLength) {
    throw new KeyFormatError(
      "MALFORMED",
      "The PEM block's DEK-Info header has no valid IV; copy the key again.",
    );
  }
  const blockSize = spec.ivLength;
  if (body.length % blockSize !== 0) {
    throw new KeyFormatError(
      "MALFORMED",
      "The encrypted PEM body is not a whole number of cipher blocks; the key is truncated: copy it again.",
    );
  }
  if (passphrase === undefined) throw passphraseRequired(FOUND);
  const found = `${FOUND} encrypted with ${cipherName}`;
  const pass = new TextEncoder().encode(passphrase);
  const key = callHook(found, () =>
    bytesToKey(legacy.md5, pass, iv.subarray(0, 8), spec.keyLength),
  );
  const plain = unpad(
    callHook(found, () => legacy.decryptCbc(spec.cipher, key, iv, body)),
    blockSize,
  );
  if (plain === undefined) throw badPassphrase();
  try {
    return decode(plain);
  } catch (error) {
    if (isKeyFormatError(error) && error.code === "MALFORMED") throw badPassphrase();
    throw error;
  }
}
