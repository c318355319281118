import { KeyFormatError } from "./errors.js";
import { loadPrivateKey } from "./private-key.js";
import { notRsa, publicKeyGiven } from "./refusals.js";
import { MIN_MODULUS_BITS } from "./rsa.js";
import type { CryptoKey } from "./web-types.js";
import { subtle } from "./webcrypto.js";

/**
 * Structural check: the input is meant as a CryptoKey (and is then never read as a JWK). Whether
 * it really is one is {@link fromCryptoKey}'s first question.
 */
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
 * A CryptoKey made by a WebCrypto implementation: an instance of this realm's class, or of
 * another realm's, which WebIDL brands with the class string "CryptoKey" (WebCrypto §14, the
 * `[Exposed]` interface's @@toStringTag). A plain object copied from one (JSON, structuredClone
 * of its fields, a test double) has neither, and `subtle` would reject it with a TypeError.
 */
function isPlatformCryptoKey(value: object): boolean {
  if (typeof CryptoKey !== "undefined" && value instanceof CryptoKey) return true;
  return Object.prototype.toString.call(value) === "[object CryptoKey]";
}

function notACryptoKey(): KeyFormatError {
  return new KeyFormatError(
    "NOT_PEM",
    "Found an object shaped like a CryptoKey that is not one (a copy of its fields, or a test double); WebCrypto cannot use it. Pass the CryptoKey that crypto.subtle returned, or the key as PEM.",
  );
}

/**
 * Accepts a CryptoKey that is already what we need; re-imports an extractable RSA private key
 * held for another RSA algorithm; refuses the rest.
 */
export async function fromCryptoKey(key: CryptoKey, extractable = false): Promise<CryptoKey> {
  if (!isPlatformCryptoKey(key)) throw notACryptoKey();
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  const name = typeof algorithm.name === "string" ? algorithm.name : "";
  const found = /^[A-Za-z0-9-]{1,32}$/.test(name) ? `a CryptoKey for ${name}` : "a CryptoKey";
  if (key.type === "public") throw publicKeyGiven(`${found} of type "public"`);
  if (key.type !== "private" || !name.toUpperCase().startsWith("RSA")) throw notRsa(found);
  const bits = typeof algorithm.modulusLength === "number" ? algorithm.modulusLength : 0;
  if (bits < MIN_MODULUS_BITS) {
    const what = `Found ${found} with a ${bits}-bit modulus; WhatsApp requires at least ${MIN_MODULUS_BITS} bits.`;
    throw new KeyFormatError(
      "KEY_TOO_SMALL",
      `${what} Generate a new pair with generateKeyPair().`,
      {
        found: what,
      },
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
  let pkcs8: Uint8Array;
  try {
    pkcs8 = new Uint8Array(await subtle().exportKey("pkcs8", key));
  } catch {
    // Only a forged object gets here (a real extractable RSA private key exports as PKCS#8).
    throw notACryptoKey();
  }
  return (await loadPrivateKey(pkcs8, { extractable }, undefined)).key;
}
