// WhatsApp signs each request with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
// body under the app secret>` and expects HTTP 432 when it does not verify (Meta,
// "Implementing Endpoint for Flows", request signature). The HMAC is over the body bytes as
// received: JSON re-serialised by a framework has other bytes and would never verify.

import type { FlowCrypto, HmacSigner } from "./crypto/backend.js";
import { webCrypto } from "./crypto/web.js";

const PREFIX = "sha256=";
const DIGEST_BYTES = 32;
const utf8 = new TextEncoder();

/** The secrets as a list; a TypeError when there is none or one is empty (a configuration error). */
export function appSecretList(appSecret: string | readonly string[]): string[] {
  const secrets = typeof appSecret === "string" ? [appSecret] : [...appSecret];
  if (
    secrets.length === 0 ||
    secrets.some((secret) => typeof secret !== "string" || secret === "")
  ) {
    throw new TypeError("appSecret must be a non-empty string or a non-empty array of them");
  }
  return secrets;
}

/** Prepares each app secret once as an HMAC-SHA256 key. */
export function importSignatureKeys(
  backend: FlowCrypto,
  appSecret: string | readonly string[],
): Promise<HmacSigner[]> {
  return Promise.all(appSecretList(appSecret).map((secret) => backend.hmac(utf8.encode(secret))));
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f, A-F
  return -1;
}

/** The 32 digest bytes of a well-formed header, or undefined. */
function parseHeader(header: string | null | undefined): Uint8Array | undefined {
  if (typeof header !== "string") return undefined;
  const value = header.trim();
  if (value.length !== PREFIX.length + DIGEST_BYTES * 2 || !value.startsWith(PREFIX))
    return undefined;
  const digest = new Uint8Array(DIGEST_BYTES);
  for (let i = 0; i < DIGEST_BYTES; i++) {
    const high = hexValue(value.charCodeAt(PREFIX.length + 2 * i));
    const low = hexValue(value.charCodeAt(PREFIX.length + 2 * i + 1));
    if (high < 0 || low < 0) return undefined;
    digest[i] = (high << 4) | low;
  }
  return digest;
}

/** Compares two 32-byte digests in time that does not depend on where they differ. */
function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  let difference = 0;
  for (let i = 0; i < DIGEST_BYTES; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/** Verifies against keys from {@link importSignatureKeys}. Internal; the endpoint reuses keys. */
export function verifyWithKeys(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  keys: readonly HmacSigner[],
): Promise<boolean> {
  const expected = parseHeader(header);
  if (expected === undefined) return Promise.resolve(false);
  const body = typeof rawBody === "string" ? utf8.encode(rawBody) : rawBody;
  // One secret is the usual case, and on the hot path of every request: no Promise.all for it.
  if (keys.length === 1) {
    return (keys[0] as HmacSigner)(body).then((digest) => equalDigests(digest, expected));
  }
  return Promise.all(keys.map((sign) => sign(body))).then((digests) => {
    // Every secret is compared, so the time taken does not tell which one matched.
    let matched = false;
    for (const digest of digests) matched = equalDigests(digest, expected) || matched;
    return matched;
  });
}

/** verifyFlowSignature on a given backend; each build exports it bound to its own. */
export async function verifyFlowSignatureUsing(
  backend: FlowCrypto,
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  appSecret: string | readonly string[],
): Promise<boolean> {
  return verifyWithKeys(rawBody, header, await importSignatureKeys(backend, appSecret));
}

/**
 * Verifies the `X-Hub-Signature-256` header of a Flows (or webhook) request.
 *
 * @param rawBody - The request body exactly as received: its text or bytes, never a parsed and
 *   re-serialised object.
 * @param header - The header value, `sha256=` followed by 64 hex digits; null or undefined when
 *   the header is missing (which never verifies).
 * @param appSecret - The Meta app secret, or several during a rotation; any one of them may
 *   match.
 * @returns Whether the header is the HMAC-SHA256 of `rawBody` under one of the secrets; the
 *   comparison takes the same time wherever the digests differ.
 * @throws {TypeError} when `appSecret` is empty.
 * @example
 * const raw = await request.text();
 * if (!(await verifyFlowSignature(raw, request.headers.get("x-hub-signature-256"), appSecret))) {
 *   return new Response(null, { status: 432 });
 * }
 */
export function verifyFlowSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  appSecret: string | readonly string[],
): Promise<boolean> {
  return verifyFlowSignatureUsing(webCrypto, rawBody, header, appSecret);
}
