import { KeyFormatError } from "./errors.js";
import { loadPrivateKey } from "./private-key.js";
import { notRsa, publicKeyGiven } from "./refusals.js";
import { MIN_MODULUS_BITS } from "./rsa.js";
import { subtle } from "./webcrypto.js";

/** Structural check for a CryptoKey, which also works across realms. */
export function isCryptoKeyLike(value: unknown): value is CryptoKey {
  if (typeof value !== "object" || value === null) return false;
  if (typeof CryptoKey !== "undefined" && value instanceof CryptoKey) return true;
  const candidate = value as Partial<CryptoKey>;
  return (
    typeof candidate.type === "string" &&
    typeof candidate.extractable === "boolean" &&
    typeof candidate.algorithm === "object" &&
    Array.isArray(candidate.usages)
  );
}

/**
 * Accepts a CryptoKey that is already what we need; re-imports an extractable RSA private key
 * held for another RSA algorithm; refuses the rest.
 */
export async function fromCryptoKey(key: CryptoKey): Promise<CryptoKey> {
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  const name = typeof algorithm.name === "string" ? algorithm.name : "";
  const found = /^[A-Za-z0-9-]{1,32}$/.test(name) ? `a CryptoKey for ${name}` : "a CryptoKey";
  if (key.type === "public") throw publicKeyGiven(`${found} of type "public"`);
  if (key.type !== "private" || !name.toUpperCase().startsWith("RSA")) throw notRsa(found);
  const bits = typeof algorithm.modulusLength === "number" ? algorithm.modulusLength : 0;
  if (bits < MIN_MODULUS_BITS) {
    throw new KeyFormatError(
      "KEY_TOO_SMALL",
      `Found ${found} with a ${bits}-bit modulus; WhatsApp requires at least ${MIN_MODULUS_BITS} bits. Generate a new pair with generateKeyPair().`,
    );
  }
  const hash = (algorithm.hash as { name?: unknown } | undefined)?.name;
  if (name === "RSA-OAEP" && hash === "SHA-256" && key.usages.includes("decrypt")) return key;
  if (!key.extractable) {
    throw new KeyFormatError(
      "NOT_RSA",
      `Found ${found} that is not set up for RSA-OAEP/SHA-256 decryption and is not extractable, so it cannot be re-imported; import the key as { name: "RSA-OAEP", hash: "SHA-256" } with usage "decrypt", or pass the PEM.`,
    );
  }
  const pkcs8 = new Uint8Array(await subtle().exportKey("pkcs8", key));
  return (await loadPrivateKey(pkcs8, undefined, undefined)).key;
}
