import type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  BusinessPublicKeySignatureStatus,
  GetBusinessPublicKeyResponse,
  SetBusinessPublicKeyResponse,
} from "@d360-messaging/types";
import { ConnectionDroppedError, errorResponse, jsonResponse } from "./errors.js";
import { answersItself, FaultQueue, faultResponse } from "./faults.js";
import { type ReadBody, readBody, readKeyField } from "./form.js";
import { RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import { API_KEY_HEADER, type RecordedRequest, recordRequest } from "./record.js";
import { KeyStore, type StoredKey } from "./store.js";
import { validatePublicKey } from "./validate-key.js";

/** The API key a handler accepts when `apiKeys` is not given. Not a secret: a test fixture. */
export const DEFAULT_API_KEY = "test-api-key";

/** The one path of the Encryption endpoints (vendor spec). */
export const ENCRYPTION_PATH = "/whatsapp_business_encryption";

/** Body size above which the mock answers 413 without reading further. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

// The fields `GET ?fields=` accepts. Typed as a record over the generated
// field type so that a field the spec adds fails to compile until it is served.
const FIELD_SET: Record<BusinessPublicKeyField, true> = {
  business_public_key: true,
  business_public_key_signature_status: true,
};
const FIELDS = Object.keys(FIELD_SET) as BusinessPublicKeyField[];

/** Options of {@link createMockHandler} and `startMockServer`. */
export interface MockOptions {
  /**
   * The API keys the mock accepts; each is one channel (phone number) with its
   * own stored business public key. Any other key, or none, gets 401.
   * @default ["test-api-key"]
   * @example
   * createMockHandler({ apiKeys: ["key-number-a", "key-number-b"] });
   */
  apiKeys?: string[];
  /**
   * Business public keys the channels hold from the start (PEM, validated like
   * an upload), by API key. Channels not listed hold no key until one is uploaded.
   * @default {}
   * @example
   * createMockHandler({ apiKeys: ["k"], businessPublicKeys: { k: publicKeyPem } });
   */
  businessPublicKeys?: Record<string, string>;
  /**
   * Per-key rate limit; a request over it gets 429 with `Retry-After` in seconds.
   * @default no limit
   * @example
   * createMockHandler({ rateLimit: { requests: 1, perMs: 1000 } });
   */
  rateLimit?: RateLimitOptions;
  /**
   * Largest request body accepted, in bytes; a larger one gets 413.
   * @default 65536
   * @example
   * createMockHandler({ maxBodyBytes: 1024 });
   */
  maxBodyBytes?: number;
  /**
   * Clock used by the rate limit, in milliseconds. Vitest's fake timers also fake `Date.now`.
   * @default Date.now
   * @example
   * let t = 0;
   * createMockHandler({ rateLimit: { requests: 1, perMs: 1000 }, now: () => t });
   */
  now?: () => number;
}

/** Options of {@link MockHandler.setBusinessPublicKey}. */
export interface SetKeyOptions {
  /**
   * The signature status the channel reports from now on; `MISMATCH` lets a
   * test see how a consumer handles a key WhatsApp could not verify.
   * @default "VALID"
   */
  signatureStatus?: BusinessPublicKeySignatureStatus;
}

/**
 * A fetch handler standing in for the 360dialog Messaging API, with the state
 * and controls a test needs. Uses Web APIs only, so it runs on Node, Deno, Bun
 * and Cloudflare Workers alike.
 */
export interface MockHandler {
  /**
   * Answer one request, as the API would. Rejects only for a `drop` fault (a
   * `TypeError`, like fetch) and when the request's signal aborts a fault's delay.
   */
  (request: Request): Promise<Response>;
  /** Queue of injected faults, taken before anything else (even before authentication, as a proxy in front of the API would). */
  readonly faults: FaultQueue;
  /** Every request received, oldest first, with the API key redacted. Cleared in place by `reset()`. */
  readonly requests: RecordedRequest[];
  /** The accepted API keys, in order; a recorded request's `channel` indexes this list. */
  readonly apiKeys: readonly string[];
  /** The PEM the channel of `apiKey` holds, or `undefined` (no key uploaded, or unknown API key). */
  getBusinessPublicKey(apiKey: string): string | undefined;
  /** What `GET /whatsapp_business_encryption` reports for the channel, or `undefined` when it holds no key. */
  getBusinessEncryptionInfo(apiKey: string): BusinessEncryptionInfo | undefined;
  /**
   * Store a business public key for a channel as an upload would, validating it
   * with the same rules; returns the canonical PEM stored.
   * @throws when `apiKey` is not one of `apiKeys` or the key is invalid
   */
  setBusinessPublicKey(apiKey: string, publicKey: string, options?: SetKeyOptions): string;
  /** Back to the start: initial keys, no faults, no recorded requests, fresh rate-limit windows. */
  reset(): void;
}

/**
 * Create the mock API as a fetch handler, for in-process use (pass it as a
 * client's `fetch`) or for any server that speaks `Request`/`Response`.
 *
 * Order of checks for each request: record it; a queued fault; 413 for an
 * oversized body; 404 unknown path; 405 wrong method; 401 missing or unknown
 * API key; 429 over the rate limit; then the endpoint itself.
 *
 * @example
 * const handler = createMockHandler();
 * const res = await handler(
 *   new Request("http://mock/whatsapp_business_encryption", {
 *     headers: { "D360-API-KEY": DEFAULT_API_KEY },
 *   }),
 * );
 * await res.json(); // { data: [] }
 */
export function createMockHandler(options: MockOptions = {}): MockHandler {
  const apiKeys = options.apiKeys ?? [DEFAULT_API_KEY];
  checkApiKeys(apiKeys);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw new RangeError(`maxBodyBytes must be an integer >= 0, got ${maxBodyBytes}`);
  }
  const store = new KeyStore(initialKeys(apiKeys, options.businessPublicKeys ?? {}));
  const faults = new FaultQueue();
  const limiter = options.rateLimit && new RateLimiter(options.rateLimit, options.now);
  const requests: RecordedRequest[] = [];

  async function answer(
    request: Request,
    url: URL,
    read: ReadBody | undefined,
    record: RecordedRequest,
  ): Promise<Response> {
    const method = record.method;
    const fault = faults.take(method, url.pathname);
    if (fault) {
      record.fault = true;
      if (fault.delayMs) await sleep(fault.delayMs, request.signal);
      if (fault.drop) throw new ConnectionDroppedError();
      if (answersItself(fault)) return faultResponse(fault);
    }
    if (!read) return errorResponse(400, "Could not read the request body");
    if (read.tooLarge) {
      return errorResponse(413, `Request body too large: the limit is ${maxBodyBytes} bytes`);
    }
    if (url.pathname !== ENCRYPTION_PATH) {
      return errorResponse(404, `Not found: ${method} ${url.pathname.slice(0, 200)}`);
    }
    if (method !== "GET" && method !== "POST") {
      return errorResponse(405, `Method ${method.slice(0, 20)} not allowed on ${ENCRYPTION_PATH}`, {
        allow: "GET, POST",
      });
    }
    const apiKey = request.headers.get(API_KEY_HEADER);
    if (!apiKey) return errorResponse(401, "Missing API key: send it in the D360-API-KEY header");
    if (!store.has(apiKey)) return errorResponse(401, "Invalid API key");
    const retryAfter = limiter?.hit(apiKey);
    if (retryAfter !== undefined) {
      return errorResponse(429, `Rate limit exceeded: retry after ${retryAfter} s`, {
        "retry-after": String(retryAfter),
      });
    }
    return method === "GET"
      ? getKey(apiKey, url)
      : setKey(apiKey, read.bytes, request.headers.get("content-type"));
  }

  function getKey(apiKey: string, url: URL): Response {
    const requested = url.searchParams
      .getAll("fields")
      .flatMap((value) => value.split(","))
      .map((field) => field.trim())
      .filter((field) => field !== "");
    const unknown = requested.find((field) => !Object.hasOwn(FIELD_SET, field));
    if (unknown !== undefined) {
      return errorResponse(
        400,
        `Unknown field "${unknown.slice(0, 100)}" in fields: available fields are ${FIELDS.join(", ")}`,
      );
    }
    const selected: readonly string[] = requested.length > 0 ? requested : FIELDS;
    const info = store.info(apiKey);
    // Before any upload the API has nothing to report; an empty `data` array is
    // what the schema allows for that, and what the client maps to `null`.
    const entries: BusinessEncryptionInfo[] = info
      ? [Object.fromEntries(FIELDS.filter((f) => selected.includes(f)).map((f) => [f, info[f]]))]
      : [];
    const body: GetBusinessPublicKeyResponse = { data: entries };
    return jsonResponse(body);
  }

  async function setKey(
    apiKey: string,
    body: Uint8Array<ArrayBuffer>,
    contentType: string | null,
  ): Promise<Response> {
    const field = await readKeyField(body, contentType);
    if (!field.ok) return errorResponse(400, field.error);
    const key = validatePublicKey(field.value);
    if (!key.ok) return errorResponse(400, key.error);
    // The mock signs every well-formed key, so it reports VALID (vendor spec:
    // "Public key successfully uploaded and signed").
    store.set(apiKey, { pem: key.pem, signatureStatus: "VALID" });
    const ok: SetBusinessPublicKeyResponse = { success: true };
    return jsonResponse(ok);
  }

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    // A body stream that errors (the client went away mid-upload) is answered 400.
    const read = await readBody(request, maxBodyBytes).catch(() => undefined);
    const apiKey = request.headers.get(API_KEY_HEADER);
    const channel = apiKey ? store.indexOf(apiKey) : undefined;
    const record = recordRequest(request, url, read?.bytes ?? new Uint8Array(0), channel);
    requests.push(record);
    const response = await answer(request, url, read, record);
    record.status = response.status;
    return response;
  };

  return Object.assign(handle, {
    faults,
    requests,
    apiKeys: Object.freeze([...apiKeys]),
    getBusinessPublicKey: (apiKey: string) => store.get(apiKey)?.pem,
    getBusinessEncryptionInfo: (apiKey: string) => store.info(apiKey),
    setBusinessPublicKey(apiKey: string, publicKey: string, setOptions: SetKeyOptions = {}) {
      if (!store.has(apiKey))
        throw new Error("Unknown API key: it is not one of the mock's apiKeys");
      const key = toStoredKey(publicKey, setOptions.signatureStatus);
      store.set(apiKey, key);
      return key.pem;
    },
    reset() {
      store.reset();
      faults.clear();
      limiter?.reset();
      requests.length = 0;
    },
  });
}

function checkApiKeys(apiKeys: readonly string[]): void {
  // Messages name the position, never the key.
  apiKeys.forEach((apiKey, i) => {
    if (typeof apiKey !== "string" || apiKey.trim() === "" || apiKey !== apiKey.trim()) {
      throw new TypeError(
        `apiKeys[${i}] must be a non-empty string without surrounding whitespace`,
      );
    }
    if (["\r", "\n", "\0"].some((c) => apiKey.includes(c)))
      throw new TypeError(`apiKeys[${i}] contains CR, LF or NUL`);
    if (apiKeys.indexOf(apiKey) !== i) throw new TypeError(`apiKeys[${i}] is a duplicate`);
  });
}

function initialKeys(
  apiKeys: readonly string[],
  businessPublicKeys: Record<string, string>,
): Map<string, StoredKey | undefined> {
  const initial = new Map<string, StoredKey | undefined>(apiKeys.map((k) => [k, undefined]));
  for (const [apiKey, pem] of Object.entries(businessPublicKeys)) {
    if (!initial.has(apiKey)) {
      throw new TypeError("businessPublicKeys names an API key that is not one of apiKeys");
    }
    initial.set(apiKey, toStoredKey(pem));
  }
  return initial;
}

function toStoredKey(
  publicKey: string,
  signatureStatus: BusinessPublicKeySignatureStatus = "VALID",
): StoredKey {
  const key = validatePublicKey(publicKey);
  if (!key.ok) throw key.cause ?? new TypeError(key.error);
  return { pem: key.pem, signatureStatus };
}

// Cut short when the request is aborted (in process: the caller's signal; over
// HTTP: the adapter aborts it when the connection closes), so a long injected
// delay never keeps a closed server's process alive.
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
