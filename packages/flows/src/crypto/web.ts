import { concatBytes } from "@d360-messaging/keys/internal";
import type { FlowCrypto, GcmSession, HmacSigner } from "./backend.js";

// WebCrypto only: the build for Deno, Bun, Cloudflare Workers, browsers, and Node when imported
// without the "node" condition. WebCrypto wants ArrayBuffer-backed views; a Uint8Array that sits
// on a larger or shared buffer is copied first.

type Bytes = Uint8Array<ArrayBuffer>;
const own = (bytes: Uint8Array): Bytes =>
  bytes.buffer instanceof ArrayBuffer ? (bytes as Bytes) : new Uint8Array(bytes);
const TAG_BITS = 128;

async function gcm(key: Uint8Array): Promise<GcmSession> {
  const aes = await crypto.subtle.importKey("raw", own(key), "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
  return {
    open: async (iv, sealed) =>
      new Uint8Array(
        await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: own(iv), tagLength: TAG_BITS },
          aes,
          own(sealed),
        ),
      ),
    seal: async (iv, plaintext) =>
      new Uint8Array(
        await crypto.subtle.encrypt(
          { name: "AES-GCM", iv: own(iv), tagLength: TAG_BITS },
          aes,
          own(plaintext),
        ),
      ),
  };
}

async function hmac(key: Uint8Array): Promise<HmacSigner> {
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    own(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return async (data, more) => {
    // WebCrypto signs one buffer, so two parts are joined.
    const message = more === undefined ? own(data) : concatBytes([data, more]);
    return new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, message));
  };
}

/** The WebCrypto backend. */
export const webCrypto: FlowCrypto = {
  name: "webcrypto",
  gcm,
  hmac,
  sha256: async (data) => new Uint8Array(await crypto.subtle.digest("SHA-256", own(data))),
  cbcDecrypt: async (key, iv, ciphertext) => {
    const aes = await crypto.subtle.importKey("raw", own(key), "AES-CBC", false, ["decrypt"]);
    // WebCrypto's AES-CBC removes PKCS#7 padding and rejects (OperationError) when it is wrong.
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: "AES-CBC", iv: own(iv) }, aes, own(ciphertext)),
    );
  },
};
