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
  const key = await crypto.subtle.importKey(
    "raw",
    utf8(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const body = typeof rawBody === "string" ? utf8(rawBody) : new Uint8Array(rawBody);
  return `sha256=${toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, body)))}`;
}
