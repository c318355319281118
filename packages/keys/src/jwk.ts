import { base64UrlDecode } from "./base64.js";
import { KeyFormatError } from "./errors.js";
import type { RsaPrivateComponents } from "./rsa.js";
import type { JsonWebKey } from "./web-types.js";

const MEMBERS = ["n", "e", "d", "p", "q", "dp", "dq", "qi"] as const;

/** A plain object that looks like a JWK (RFC 7517 §4: `kty` is required). */
export function isJwkObject(value: unknown): value is JsonWebKey {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    "kty" in value &&
    !("algorithm" in value && "usages" in value)
  );
}

/**
 * Reads an RSA private JWK (RFC 7518 §6.3). Only the key numbers are used; `alg`, `use` and
 * `key_ops` are ignored, since the key is imported for RSA-OAEP/SHA-256 decryption whatever
 * it was labelled for. All CRT members are required, as WebCrypto implementations require them.
 */
export function readJwk(jwk: JsonWebKey, maxLength: number): RsaPrivateComponents {
  if (jwk.kty !== "RSA") {
    const kty =
      typeof jwk.kty === "string" && /^[A-Za-z]{1,8}$/.test(jwk.kty)
        ? `"${jwk.kty}"`
        : "a non-RSA type";
    throw new KeyFormatError(
      "NOT_RSA",
      `Found a JWK of kty ${kty}; the WhatsApp Business encryption needs an RSA key. Generate one with generateKeyPair().`,
      { found: `Found a JWK of kty ${kty}; the WhatsApp Business encryption needs an RSA key.` },
    );
  }
  if (jwk.d === undefined) {
    throw new KeyFormatError(
      "NOT_PEM",
      'Found a public RSA JWK (no "d"); importPrivateKey needs the private key.',
    );
  }
  if (jwk.oth !== undefined) {
    throw new KeyFormatError(
      "MALFORMED",
      'Found a multi-prime RSA JWK ("oth"), which WebCrypto cannot use; generate a standard two-prime key.',
    );
  }
  let total = 0;
  for (const member of MEMBERS) {
    const value = jwk[member];
    if (typeof value !== "string" || value.length === 0) {
      throw new KeyFormatError(
        "MALFORMED",
        `The RSA JWK lacks "${member}"; export it with all of n, e, d, p, q, dp, dq and qi.`,
      );
    }
    total += value.length;
  }
  if (total > maxLength) {
    throw new KeyFormatError(
      "TOO_LARGE",
      `The JWK's numbers are ${total} characters, over the ${maxLength} limit for a key.`,
    );
  }
  const read = (member: (typeof MEMBERS)[number]): Uint8Array => {
    const bytes = base64UrlDecode(jwk[member] as string, `The JWK member "${member}"`);
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    return bytes.subarray(start);
  };
  return {
    modulus: read("n"),
    publicExponent: read("e"),
    privateExponent: read("d"),
    prime1: read("p"),
    prime2: read("q"),
    exponent1: read("dp"),
    exponent2: read("dq"),
    coefficient: read("qi"),
  };
}
