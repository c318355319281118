import { decodeBase64 } from "@d360-messaging/keys/internal";
import type { HmacBackend, HmacKey } from "./hmac.js";

// Who sent a webhook is checked three ways, each optional, every configured one required:
//
// - 360dialog signs partner webhooks with HMAC-SHA256 of the body under the partner's platform
//   secret, in `x-360dialog-signature`, to be compared in constant time (360dialog,
//   "Signature Validation":
//   https://docs.360dialog.com/partner/onboarding/webhook-events-and-setup/signature-validation).
//   The page does not say whether the digest is hex or base64, nor whether it carries a
//   `sha256=` prefix, so each form is accepted: 64 hex digits or 44 base64 characters, with or
//   without `sha256=`. They differ in length, so no value can be read two ways.
// - Meta signs with the app secret: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
//   body>` (Meta, "Webhooks, Getting Started", validating payloads:
//   https://developers.facebook.com/docs/graph-api/webhooks/getting-started/).
// - Custom headers set on the webhook configuration, e.g. `Authorization: <secret>`, which
//   360dialog sends with every webhook (same 360dialog page: "Partners can set custom webhook
//   headers and values (e.g., Authorization: <secret>, X-Partner-Auth: <secret>)").
//
// Every comparison is an HMAC verify of the backend (hmac.ts: WebCrypto's `verify`, or
// node:crypto's `timingSafeEqual` in the Node build), which compares in constant time in the
// runtime's crypto library, rather than a compare loop of our own.

const DIGEST_BYTES = 32;
const PREFIX = "sha256=";
const utf8 = new TextEncoder();

/** Why a request was refused as not coming from the configured sender. */
export type SignatureFailure =
  | "missing-signature"
  | "invalid-signature"
  | "missing-header"
  | "invalid-header";

/** The part of a check that needs the body; resolves to undefined when it passes. */
export type BodyCheck = (body: Uint8Array) => Promise<SignatureFailure | undefined>;

/**
 * One configured check, in two steps: what the headers alone decide (a missing or malformed
 * signature, a wrong custom header) before any of the body is read, then the HMAC over the body.
 * Resolves to a failure, to the body step, or to undefined when the headers settle it.
 */
export type Check = (headers: Headers) => Promise<SignatureFailure | BodyCheck | undefined>;

/** Prepares one key per secret; a rejection is kept for the first request to see. */
function prepareKeys(backend: HmacBackend, secrets: readonly string[]): Promise<HmacKey[]> {
  const keys = Promise.all(secrets.map((s) => backend(utf8.encode(s))));
  keys.catch(() => {});
  return keys;
}

/** The secrets as a list; a TypeError for none or an empty one (a configuration error). */
function secretList(value: string | readonly string[], option: string): string[] {
  const list = typeof value === "string" ? [value] : [...value];
  if (list.length === 0 || list.some((s) => typeof s !== "string" || s === "")) {
    throw new TypeError(
      `createWebhookHandler: ${option} must be a non-empty string or a non-empty array of them`,
    );
  }
  return list;
}

/** The value of one hex digit's char code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  const lower = code | 0x20; // A-F to a-f
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

function hexDigest(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length !== DIGEST_BYTES * 2) return undefined;
  const out = new Uint8Array(DIGEST_BYTES);
  for (let i = 0; i < DIGEST_BYTES; i++) {
    const high = hexValue(text.charCodeAt(2 * i));
    const low = hexValue(text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return undefined;
    out[i] = (high << 4) | low;
  }
  return out;
}

/** The 32 digest bytes of a 360dialog signature in any accepted form, or undefined. */
export function parse360Signature(header: string): Uint8Array<ArrayBuffer> | undefined {
  let text = header.trim();
  if (text.toLowerCase().startsWith(PREFIX)) text = text.slice(PREFIX.length);
  if (text.length === DIGEST_BYTES * 2) return hexDigest(text);
  if (text.length === 44) {
    try {
      const bytes = decodeBase64(text);
      return bytes.length === DIGEST_BYTES ? bytes : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The 32 digest bytes of Meta's `sha256=<hex>`, or undefined. */
export function parseMetaSignature(header: string): Uint8Array<ArrayBuffer> | undefined {
  const text = header.trim();
  return text.startsWith(PREFIX) ? hexDigest(text.slice(PREFIX.length)) : undefined;
}

function signatureCheck(
  headerName: string,
  parse: (header: string) => Uint8Array<ArrayBuffer> | undefined,
  keys: Promise<HmacKey[]>,
): Check {
  return async (headers) => {
    const header = headers.get(headerName);
    if (header === null) return "missing-signature";
    const digest = parse(header);
    if (digest === undefined) return "invalid-signature";
    return (body) => verifyDigest(keys, digest, body);
  };
}

async function verifyDigest(
  keys: Promise<HmacKey[]>,
  digest: Uint8Array,
  data: Uint8Array,
): Promise<SignatureFailure | undefined> {
  const all = await keys;
  // One secret is the usual case; during a rotation every secret is tried, so the time taken
  // does not tell which one matched.
  if (all.length === 1) {
    return (await (all[0] as HmacKey).verify(digest, data)) ? undefined : "invalid-signature";
  }
  const results = await Promise.all(all.map((k) => k.verify(digest, data)));
  return results.includes(true) ? undefined : "invalid-signature";
}

/**
 * A check of received values against one expected secret value, in constant time: the expected
 * value is MACed once under a random key, and a received value is verified against that MAC,
 * which compares in constant time and hides the expected length.
 */
export function valueMatcher(
  backend: HmacBackend,
  expected: string,
): (received: string) => Promise<boolean> {
  const prepared = (async () => {
    const key = await backend(crypto.getRandomValues(new Uint8Array(32)));
    return { key, mac: await key.sign(utf8.encode(expected)) };
  })();
  prepared.catch(() => {});
  return async (received) => {
    const { key, mac } = await prepared;
    return key.verify(mac, utf8.encode(received));
  };
}

function headerCheck(backend: HmacBackend, expected: Record<string, string>): Check {
  const matchers = Object.entries(expected).map(
    ([name, value]) => [name, valueMatcher(backend, value)] as const,
  );
  return async (headers) => {
    let failure: SignatureFailure | undefined;
    for (const [name, matches] of matchers) {
      const received = headers.get(name);
      if (received === null) failure ??= "missing-header";
      else if (!(await matches(received))) failure ??= "invalid-header";
    }
    return failure;
  };
}

/** What {@link senderChecks} reads from the handler's options. */
export interface SenderOptions {
  secret?: string | readonly string[] | undefined;
  appSecret?: string | readonly string[] | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * The configured checks, prepared once. Throws a TypeError when none is configured: a receiver
 * that accepts anything would pass every test and be open to anyone.
 */
export function senderChecks(backend: HmacBackend, options: SenderOptions): Check[] {
  const checks: Check[] = [];
  if (options.secret !== undefined) {
    const keys = prepareKeys(backend, secretList(options.secret, "secret"));
    checks.push(signatureCheck("x-360dialog-signature", parse360Signature, keys));
  }
  if (options.appSecret !== undefined) {
    const keys = prepareKeys(backend, secretList(options.appSecret, "appSecret"));
    checks.push(signatureCheck("x-hub-signature-256", parseMetaSignature, keys));
  }
  if (options.headers !== undefined) {
    const entries = Object.entries(options.headers);
    if (
      entries.length === 0 ||
      entries.some(([n, v]) => n === "" || typeof v !== "string" || v === "")
    ) {
      throw new TypeError(
        "createWebhookHandler: headers must map at least one header name to a non-empty value",
      );
    }
    checks.push(headerCheck(backend, options.headers));
  }
  if (checks.length === 0) {
    throw new TypeError(
      "createWebhookHandler: set at least one of secret (360dialog's x-360dialog-signature), appSecret (Meta's X-Hub-Signature-256) or headers (values set on the webhook configuration); without one, anyone could post events",
    );
  }
  return checks;
}
