import { encodeBase64 } from "./internal/base64.js";
import { type PublicKeyInfo, parsePublicKey } from "./public-key.js";
import { buffer, subtle } from "./webcrypto.js";

function isPublicKeyInfo(value: unknown): value is PublicKeyInfo {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    (value as { der?: unknown }).der instanceof Uint8Array
  );
}

/**
 * The key's fingerprint in OpenSSH style: `SHA256:` and the unpadded base64 of SHA-256 over the
 * SubjectPublicKeyInfo DER. It is the same for a key given as SPKI, as PKCS#1 or as derived
 * from its private key, and equals `openssl pkey -pubin -in public.pem -outform DER | openssl
 * dgst -sha256 -binary | base64` without the trailing `=`.
 *
 * @param key - a public key as accepted by {@link parsePublicKey}, or its result
 * @returns e.g. `SHA256:7Zq3…` (51 characters)
 * @throws {KeyFormatError} as {@link parsePublicKey} does (a `PublicKeyInfo` is re-validated
 *   from its `der`)
 *
 * @example
 * ```ts
 * const uploaded = await publicKeyFingerprint(publicKeyPem);
 * const held = await publicKeyFingerprint(await derivePublicKey(privateKeyPem, { passphrase }));
 * if (uploaded !== held) throw new Error("the endpoint holds a different key");
 * ```
 */
export async function publicKeyFingerprint(
  key: string | Uint8Array | PublicKeyInfo,
): Promise<string> {
  const info = parsePublicKey(isPublicKeyInfo(key) ? key.der : key);
  const digest = new Uint8Array(await subtle().digest("SHA-256", buffer(info.der)));
  return `SHA256:${encodeBase64(digest, { padded: false })}`;
}
