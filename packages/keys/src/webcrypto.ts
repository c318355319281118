/** The platform's SubtleCrypto; every supported runtime has it as `globalThis.crypto.subtle`. */
export function subtle(): SubtleCrypto {
  const api = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (api === undefined) {
    throw new Error(
      "WebCrypto (globalThis.crypto.subtle) is not available: use Node >= 20.19, Deno, Bun, Cloudflare Workers or a browser page served over HTTPS.",
    );
  }
  return api;
}

/** Random bytes from the platform's CSPRNG. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/**
 * A copy backed by a plain ArrayBuffer, which is what BufferSource requires (a view over a
 * SharedArrayBuffer or a Node pooled Buffer is not accepted everywhere).
 */
export function buffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** The RSA-OAEP/SHA-256 parameters WhatsApp's Flows and encryption endpoints use. */
export const RSA_OAEP_SHA256: RsaHashedImportParams = { name: "RSA-OAEP", hash: "SHA-256" };
