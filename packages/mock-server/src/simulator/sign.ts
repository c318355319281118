import { toHex, utf8 } from "./bytes.js";

/**
 * The `X-Hub-Signature-256` value WhatsApp sends: `sha256=` and the hex
 * HMAC-SHA256 of the raw body bytes under the app secret. Sign the exact bytes
 * sent; re-serialised JSON is other bytes and another signature.
 *
 * @example
 * await signFlowBody('{"a":1}', appSecret); // "sha256=…"
 */
export async function signFlowBody(
  rawBody: string | Uint8Array,
  appSecret: string,
): Promise<string> {
  return `sha256=${await hmacHex(appSecret, rawBody)}`;
}

/**
 * Lower-case hex HMAC-SHA256 of `body` (a string as UTF-8) under `secret`: the digest of
 * WhatsApp's `X-Hub-Signature-256` and of the webhook sender's signatures. Internal.
 */
export async function hmacHex(secret: string, body: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const bytes = typeof body === "string" ? utf8(body) : new Uint8Array(body);
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes)));
}
