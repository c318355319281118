import type {
  BusinessEncryptionInfo,
  BusinessPublicKeySignatureStatus,
} from "@d360-messaging/types";
import { createMockApp } from "./app/app.js";
import type { MockState } from "./app/env.js";
import { MediaCdn, type MockCdn } from "./cdn.js";
import { InvalidApiKeyError } from "./errors.js";
import { FaultQueue } from "./faults.js";
import { SPEC } from "./generated/spec.js";
import { MessageEvents, type SentMessage } from "./messages/events.js";
import type {
  CutResponseOptions,
  PairRateLimitOptions,
  ThroughputOptions,
} from "./messages/limits.js";
import { Messaging } from "./messages/state.js";
import { integerOption } from "./options.js";
import { RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import { DEFAULT_MAX_RECORDED_REQUESTS, type RecordedRequest, RequestLog } from "./record.js";
import type { SpecDocument } from "./spec/document.js";
import { KeyStore, type StoredKey } from "./store.js";
import { validatePublicKey } from "./validate-key.js";
import { createMockWebhooks, type MockWebhooks } from "./webhooks/dispatcher.js";
import type { MockWebhookOptions } from "./webhooks/options.js";

export { ENCRYPTION_PATH } from "./app/routes/encryption.js";

/** The API key a handler accepts when `apiKeys` is not given. Not a secret: a test fixture. */
export const DEFAULT_API_KEY = "test-api-key";

/** Body size above which the mock answers 413 without reading further. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export { DEFAULT_MAX_RECORDED_REQUESTS } from "./record.js";

/** Options of {@link createMockHandler} and `startMockServer`. */
export interface MockOptions {
  /**
   * The API keys the mock accepts; each is one channel (phone number) with its
   * own stored business public key. Any other key, or none, gets 401. Each must be printable
   * ASCII without surrounding whitespace (what a `D360-API-KEY` header can carry), else
   * {@link InvalidApiKeyError}.
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
   * The signature status a channel reports for its key (`GET`'s
   * `business_public_key_signature_status`): one status for every channel, or one per API key
   * (channels not listed report `VALID`). It applies to uploads and to `businessPublicKeys`.
   * `MISMATCH` is what WhatsApp reports when it could not verify the key for the number.
   * @default "VALID"
   * @example
   * createMockHandler({ signatureStatus: "MISMATCH" });
   * createMockHandler({ apiKeys: ["a", "b"], signatureStatus: { b: "MISMATCH" } });
   */
  signatureStatus?:
    | BusinessPublicKeySignatureStatus
    | Record<string, BusinessPublicKeySignatureStatus>;
  /**
   * Per-key rate limit. A request over it is answered as the real API does: 400
   * `{"error": "You have exceeded the endpoint rate limit."}` (`response: "vendor"`); or in the
   * legacy `{"meta": …}` envelope (`"legacy"`), or as the spec's 429 with `Retry-After` (`"spec"`).
   * @default no limit
   * @example
   * createMockHandler({ rateLimit: { requests: 1, perMs: 1000 } });
   * createMockHandler({ rateLimit: { requests: 1, perMs: 1000, response: "spec" } });
   */
  rateLimit?: RateLimitOptions;
  /**
   * How many requests `requests` keeps: the newest ones, the oldest dropped first (a ring
   * buffer). `0` records nothing.
   * @default 1000
   * @example
   * createMockHandler({ maxRecordedRequests: 50 });
   */
  maxRecordedRequests?: number;
  /**
   * Largest request body accepted, in bytes; a larger one gets 413.
   * @default 65536
   * @example
   * createMockHandler({ maxBodyBytes: 1024 });
   */
  maxBodyBytes?: number;
  /**
   * Called with each request's record once it is answered (`status` set) or its connection
   * dropped (`status` absent), for a live log: the same redacted record `requests` keeps, also
   * when `maxRecordedRequests` is `0`. An exception it throws is ignored: a log never changes
   * an answer.
   * @default undefined
   * @example
   * createMockHandler({ onRequest: (r) => console.log(r.method, r.path, r.status) });
   */
  onRequest?: (record: RecordedRequest) => void;
  /**
   * The mock's clock, in milliseconds since the epoch: the rate limit, the sending limits
   * (`throughput`, `pairRateLimit`), duplicate detection and each message's `at` read it.
   * Vitest's fake timers also fake `Date.now`.
   * @default Date.now
   * @example
   * let t = 0;
   * createMockHandler({ rateLimit: { requests: 1, perMs: 1000 }, now: () => t });
   */
  now?: () => number;
  /**
   * The throughput of each channel (one business number per API key) on `POST /messages`: a
   * message over it is answered as Meta does, HTTP 400 with error 130429 ("Rate limit hit") in
   * Meta's envelope. `false` turns the limit off.
   * @default { perSecond: 80 }
   * @example
   * createMockHandler({ throughput: { perSecond: 20 } });
   */
  throughput?: ThroughputOptions | false;
  /**
   * The pair rate limit between a channel and one recipient on `POST /messages`: a message over
   * it is answered HTTP 400 with error 131056 in Meta's envelope. `false` turns it off.
   * @default { intervalMs: 6000, burst: 45 }
   * @example
   * createMockHandler({ pairRateLimit: { intervalMs: 6000, burst: 1 } });
   */
  pairRateLimit?: PairRateLimitOptions | false;
  /**
   * Cut the answers to some accepted messages after they were recorded, so that a client sees a
   * failure for a message that was sent (and a retry creates a duplicate).
   * @default no answer is cut
   * @example
   * createMockHandler({ cutResponses: { every: 3 } });
   */
  cutResponses?: CutResponseOptions;
  /**
   * How long, in milliseconds, an accepted message counts as a duplicate of an earlier one with
   * the same channel, recipient and body (`duplicates`, and the record's `duplicateOf`).
   * @default 60000
   * @example
   * createMockHandler({ duplicateWindowMs: 5 * 60_000 });
   */
  duplicateWindowMs?: number;
  /**
   * The OpenAPI document whose operations the mock answers. The Encryption operations are
   * hand-written; every other operation is answered from the spec: its parameters and body are
   * validated against their schemas (400 with `{"error": …}` on a mismatch), and the first 2xx
   * response is sent with a body from its example or built from its schema. Hand it a newer
   * vendor document to test an endpoint before this package is regenerated.
   * @default the spec this package was generated from
   * @example
   * createMockHandler({ spec: JSON.parse(await readFile("openapi.json", "utf8")) });
   */
  spec?: SpecDocument;
  /**
   * Send webhooks as 360dialog would: signed `sent`, `delivered`, `read` statuses for each
   * message accepted on `POST /messages`, incoming messages through `webhooks.inbound(…)`,
   * redelivered with backoff; see {@link MockWebhookOptions}.
   * @default undefined (no webhooks)
   * @example
   * createMockHandler({ webhooks: { url: "http://127.0.0.1:3000/webhooks", secret } });
   */
  webhooks?: MockWebhookOptions;
}

/** Options of {@link MockHandler.setBusinessPublicKey}. */
export interface SetKeyOptions {
  /**
   * The signature status the channel reports from now on; `MISMATCH` lets a
   * test see how a consumer handles a key WhatsApp could not verify.
   * @default the channel's `signatureStatus` option, `"VALID"` unless set
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
  /**
   * The requests received, oldest first, with the API key redacted: the newest
   * `maxRecordedRequests` (default 1000). The same array for the handler's life; cleared in
   * place by `reset()`.
   */
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
  /**
   * The media CDN (`GET /cdn/<id>`): store an encrypted file with `put` and point a
   * PhotoPicker or DocumentPicker `cdn_url` at the path it returns.
   */
  readonly cdn: MockCdn;
  /** The webhook sender (the `webhooks` option): `inbound`, the delivery log, unreachable numbers. */
  readonly webhooks: MockWebhooks;
  /**
   * The messages accepted on `POST /messages`, oldest first (the newest `maxRecordedRequests`),
   * each with its `id`, `to`, `body`, channel and time. The same array for the handler's life;
   * cleared in place by `reset()`.
   */
  readonly messages: readonly SentMessage[];
  /**
   * How many accepted messages repeated an earlier one (same channel, recipient and body within
   * `duplicateWindowMs`) since the start or the last `reset()`.
   */
  readonly duplicates: number;
  /** Listeners told of every accepted message after it is recorded (the webhooks listen here). */
  readonly messageEvents: MessageEvents;
  /**
   * Back to the start: initial keys, no faults, no recorded requests or messages, fresh
   * rate-limit and sending-limit windows, no media files, block lists or profiles, no pending or
   * logged webhooks.
   */
  reset(): void;
}

/**
 * Create the mock API as a fetch handler, for in-process use (pass it as a
 * client's `fetch`) or for any server that speaks `Request`/`Response`.
 *
 * Order of checks for each request: record it; a queued fault; 413 for an
 * oversized body; 404 unknown path; 405 wrong method; 401 missing or unknown
 * API key; the rate limit (400, as the real API); then the endpoint itself.
 * The HTTP surface is a Hono app (`app/app.ts`); the handler is its `fetch`.
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
  const maxBodyBytes = integerOption(
    "maxBodyBytes",
    options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    0,
  );
  const uploadStatus = signatureStatusOf(apiKeys, options.signatureStatus ?? "VALID");
  const store = new KeyStore(initialKeys(apiKeys, options.businessPublicKeys ?? {}, uploadStatus));
  const faults = new FaultQueue();
  const now = options.now ?? Date.now;
  if (typeof now !== "function") throw new TypeError("now must be a function returning ms");
  const limiter = options.rateLimit && new RateLimiter(options.rateLimit, now);
  const maxRecorded = options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED_REQUESTS;
  // RequestLog checks the bound; the messages log shares it.
  const log = new RequestLog(maxRecorded);
  const cdn = new MediaCdn();
  const onRequest = options.onRequest;
  if (onRequest !== undefined && typeof onRequest !== "function") {
    throw new TypeError("onRequest must be a function");
  }
  const messageEvents = new MessageEvents();
  const messaging = new Messaging(
    {
      throughput: options.throughput,
      pairRateLimit: options.pairRateLimit,
      cutResponses: options.cutResponses,
      duplicateWindowMs: options.duplicateWindowMs,
      maxRecordedMessages: maxRecorded,
    },
    messageEvents,
    cdn,
    now,
  );
  const state: MockState = {
    store,
    faults,
    limiter,
    log,
    maxBodyBytes,
    uploadStatus,
    cdn,
    messaging,
    onRequest,
  };
  const app = createMockApp(state, options.spec ?? SPEC);
  const webhooks = createMockWebhooks(options.webhooks, messageEvents, now);

  const handle = async (request: Request): Promise<Response> => app.fetch(request);

  const handler = Object.assign(handle, {
    faults,
    messages: messaging.messages,
    // Replaced by a getter below: the count changes with every duplicate.
    duplicates: 0,
    messageEvents,
    requests: log.entries,
    apiKeys: Object.freeze([...apiKeys]),
    cdn,
    webhooks,
    getBusinessPublicKey: (apiKey: string) => store.get(apiKey)?.pem,
    getBusinessEncryptionInfo: (apiKey: string) => store.info(apiKey),
    setBusinessPublicKey(apiKey: string, publicKey: string, setOptions: SetKeyOptions = {}) {
      if (!store.has(apiKey))
        throw new Error("Unknown API key: it is not one of the mock's apiKeys");
      const key = toStoredKey(publicKey, setOptions.signatureStatus ?? uploadStatus(apiKey));
      store.set(apiKey, key);
      return key.pem;
    },
    reset() {
      store.reset();
      faults.clear();
      limiter?.reset();
      log.clear();
      cdn.clear();
      messaging.reset();
      webhooks.reset();
    },
  });
  return Object.defineProperty(handler, "duplicates", {
    get: () => messaging.duplicates.count,
    enumerable: true,
  });
}

// What a D360-API-KEY header carries as sent: printable ASCII. Header values are bytes: fetch's
// Headers refuses code points above 0xFF and CR, LF and NUL, Node's http refuses other controls,
// and HTTP gives non-ASCII bytes no encoding (RFC 9110 §5.5, obs-text), so such a key could
// never arrive as configured.
const HEADER_SAFE = /^[\x20-\x7e]*$/;

function checkApiKeys(apiKeys: readonly string[]): void {
  // Errors name the position, never the key.
  apiKeys.forEach((apiKey, i) => {
    if (typeof apiKey !== "string") throw new InvalidApiKeyError(i, "NOT_A_STRING");
    if (!HEADER_SAFE.test(apiKey)) throw new InvalidApiKeyError(i, "NOT_HEADER_SAFE");
    if (apiKey.trim() === "") throw new InvalidApiKeyError(i, "EMPTY");
    if (apiKey !== apiKey.trim()) throw new InvalidApiKeyError(i, "SURROUNDING_WHITESPACE");
    if (apiKeys.indexOf(apiKey) !== i) throw new InvalidApiKeyError(i, "DUPLICATE");
  });
}

const STATUSES: ReadonlySet<string> = new Set<BusinessPublicKeySignatureStatus>([
  "VALID",
  "MISMATCH",
]);

function signatureStatusOf(
  apiKeys: readonly string[],
  option: NonNullable<MockOptions["signatureStatus"]>,
): (apiKey: string) => BusinessPublicKeySignatureStatus {
  const check = (status: unknown, where: string) => {
    if (typeof status !== "string" || !STATUSES.has(status)) {
      throw new TypeError(`${where} must be "VALID" or "MISMATCH"`);
    }
  };
  if (typeof option === "string") {
    check(option, "signatureStatus");
    return () => option;
  }
  const perKey = new Map<string, BusinessPublicKeySignatureStatus>();
  for (const [apiKey, status] of Object.entries(option)) {
    const i = apiKeys.indexOf(apiKey);
    if (i === -1)
      throw new TypeError("signatureStatus names an API key that is not one of apiKeys");
    check(status, `signatureStatus for apiKeys[${i}]`);
    perKey.set(apiKey, status);
  }
  return (apiKey) => perKey.get(apiKey) ?? "VALID";
}

function initialKeys(
  apiKeys: readonly string[],
  businessPublicKeys: Record<string, string>,
  statusOf: (apiKey: string) => BusinessPublicKeySignatureStatus,
): Map<string, StoredKey | undefined> {
  const initial = new Map<string, StoredKey | undefined>(apiKeys.map((k) => [k, undefined]));
  for (const [apiKey, pem] of Object.entries(businessPublicKeys)) {
    if (!initial.has(apiKey)) {
      throw new TypeError("businessPublicKeys names an API key that is not one of apiKeys");
    }
    initial.set(apiKey, toStoredKey(pem, statusOf(apiKey)));
  }
  return initial;
}

function toStoredKey(
  publicKey: string,
  signatureStatus: BusinessPublicKeySignatureStatus,
): StoredKey {
  const key = validatePublicKey(publicKey);
  if (!key.ok) throw key.cause ?? new TypeError(key.error);
  return { pem: key.pem, signatureStatus };
}
