import { encodeBase64 } from "@d360-messaging/keys/internal";
import type { FlowCrypto, GcmSession } from "./crypto/backend.js";
import { webCrypto } from "./crypto/web.js";
import { AES_KEY_BYTES, IV_BYTES } from "./protocol.js";
import type { FlowResponse } from "./types.js";

// The reply format (Meta, "Implementing Endpoint for Flows", response encryption): AES-128-GCM
// under the request's AES key, with the request IV inverted byte by byte, the 16-byte tag
// appended, base64-encoded and sent as the whole response body (sizes in protocol.ts).

const utf8 = new TextEncoder();

/** The request IV with every byte XOR 0xFF: the IV of the reply. */
export function flipIv(iv: Uint8Array): Uint8Array<ArrayBuffer> {
  const flipped = new Uint8Array(iv.length);
  for (let i = 0; i < iv.length; i++) flipped[i] = (iv[i] as number) ^ 0xff;
  return flipped;
}

/** The bytes that get encrypted: strings and byte arrays as given, anything else as JSON. */
function replyBytes(response: FlowResponse | string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof response === "string") return utf8.encode(response);
  if (response instanceof Uint8Array) return new Uint8Array(response);
  const json: string | undefined = JSON.stringify(response);
  if (typeof json !== "string") {
    throw new TypeError(
      "Flow response must be a string, a Uint8Array or a JSON-serialisable object",
    );
  }
  return utf8.encode(json);
}

/**
 * Encrypts with an already prepared AES-GCM key. Internal; the endpoint uses it to avoid a
 * second preparation of the key it decrypted the request with.
 */
export async function encryptReply(
  response: FlowResponse | string | Uint8Array,
  session: GcmSession,
  iv: Uint8Array,
): Promise<string> {
  if (iv.length !== IV_BYTES)
    throw new RangeError(`iv must be ${IV_BYTES} bytes, got ${iv.length}`);
  return encodeBase64(await session.seal(flipIv(iv), replyBytes(response)));
}

/** encryptFlowResponse on a given backend; each build exports it bound to its own. */
export async function encryptFlowResponseUsing(
  backend: FlowCrypto,
  response: FlowResponse | string | Uint8Array,
  aesKey: Uint8Array,
  iv: Uint8Array,
): Promise<string> {
  if (aesKey.length !== AES_KEY_BYTES) {
    throw new RangeError(`aesKey must be ${AES_KEY_BYTES} bytes (AES-128), got ${aesKey.length}`);
  }
  return encryptReply(response, await backend.gcm(aesKey), iv);
}

/**
 * Encrypts a reply to a WhatsApp Flows request.
 *
 * @param response - The reply. A `string` is encrypted as its UTF-8 bytes and a `Uint8Array`
 *   as is, byte for byte; anything else as `JSON.stringify(response)`.
 * @param aesKey - The request's 16-byte AES key, as {@link decryptFlowRequest} returns it.
 * @param iv - The request's 16-byte IV as received (not flipped); the reply uses it with every
 *   byte XOR 0xFF.
 * @returns The base64 text to send as the whole body of an HTTP 200 with
 *   `Content-Type: text/plain`.
 * @throws {RangeError} when `aesKey` or `iv` is not 16 bytes.
 * @throws {TypeError} when `response` cannot be serialised to JSON.
 * @example
 * const body = await encryptFlowResponse({ screen: "SUCCESS", data: {} }, aesKey, iv);
 * return new Response(body, { headers: { "Content-Type": "text/plain" } });
 */
export function encryptFlowResponse(
  response: FlowResponse | string | Uint8Array,
  aesKey: Uint8Array,
  iv: Uint8Array,
): Promise<string> {
  return encryptFlowResponseUsing(webCrypto, response, aesKey, iv);
}
