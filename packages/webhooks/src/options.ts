import type { DedupeStore } from "./dedupe.js";
import type {
  WebhookErrorEvent,
  WebhookEvent,
  WebhookGroupEventEvent,
  WebhookMessageEvent,
  WebhookStatusEvent,
  WebhookUnknownEvent,
} from "./events.js";

/** What every handler receives beside the event. */
export interface WebhookContext {
  /** The HTTP request; its body has already been read. */
  request: Request;
  /**
   * Aborted when `timeoutMs` runs out (the request was answered 503 and will be redelivered),
   * so that work the sender no longer waits for can stop. Never aborted with `ack: "immediately"`.
   */
  signal: AbortSignal;
}

/** A handler of one kind of event; a throw (or rejection) means "not processed". */
export type WebhookEventHandler<E> = (event: E, context: WebhookContext) => void | Promise<void>;

/** Handlers per kind of event; each is called after `onEvent`, for its kind only. */
export interface WebhookKindHandlers {
  /** Incoming messages; narrow on `event.type` (`"text"`, `"image"`, …). */
  message?: WebhookEventHandler<WebhookMessageEvent>;
  /** Statuses of sent messages; narrow on `event.status` (`"sent"`, …, `"failed"`). */
  status?: WebhookEventHandler<WebhookStatusEvent>;
  /** Group events. */
  group?: WebhookEventHandler<WebhookGroupEventEvent>;
  /** Errors Meta reports in a change's `value.errors`. */
  error?: WebhookEventHandler<WebhookErrorEvent>;
  /** Anything this version of the package has no type for. */
  unknown?: WebhookEventHandler<WebhookUnknownEvent>;
}

/** Why a request was not answered with a plain 200, or why background work failed. */
export type WebhookFailureCode =
  | "method-not-allowed"
  | "missing-signature"
  | "invalid-signature"
  | "missing-header"
  | "invalid-header"
  | "payload-too-large"
  | "body-read-failed"
  | "body-timeout"
  | "invalid-json"
  | "not-a-webhook"
  | "not-a-verification"
  | "invalid-verify-token"
  | "invalid-challenge"
  | "event-in-progress"
  | "handler-failed"
  | "handler-timeout"
  | "dedupe-failed";

/**
 * One problem, as `onError` receives it. It never holds a secret or the request body; `error`
 * is what your handler or the store threw, as is, or this package's error.
 */
export interface WebhookFailure {
  /** What went wrong, stable for branching and metrics. */
  code: WebhookFailureCode;
  /**
   * The HTTP status the request was answered with; undefined for a failure after the answer
   * (`ack: "immediately"`, or a handler that went on past `timeoutMs`).
   */
  status: number | undefined;
  /** A one-line description for logs. */
  message: string;
  /** The underlying error, where there is one. */
  error?: unknown;
  /**
   * The event concerned, for `handler-failed`, `handler-timeout`, `dedupe-failed` and
   * `event-in-progress`.
   */
  event?: WebhookEvent;
  /** The request. */
  request: Request;
}

/** How the sender is told that a webhook arrived. */
export type WebhookAckMode = "after-processing" | "immediately";

/** Options of {@link createWebhookHandler}; at least one of `secret`, `appSecret`, `headers`. */
export interface WebhookHandlerOptions {
  /**
   * The 360dialog partner platform secret: requests must carry a matching
   * `x-360dialog-signature` (HMAC-SHA256 of the raw body; hex or base64, with or without
   * `sha256=`). Pass several during a rotation: any one may match.
   * @default undefined (not checked)
   * @example
   * secret: process.env.D360_PLATFORM_SECRET
   */
  secret?: string | readonly string[];
  /**
   * The Meta app secret: requests must carry a matching `X-Hub-Signature-256: sha256=<hex>`.
   * Pass several during a rotation: any one may match.
   * @default undefined (not checked)
   * @example
   * appSecret: process.env.META_APP_SECRET
   */
  appSecret?: string | readonly string[];
  /**
   * Header values the request must carry, as set on the webhook configuration (for 360dialog
   * clients without a partner secret). Names are case-insensitive; values are compared exactly,
   * in constant time.
   * @default undefined (not checked)
   * @example
   * headers: { Authorization: process.env.WEBHOOK_TOKEN }
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * The Verify Token set in Meta's App Dashboard, for webhooks Meta sends to you directly: Meta
   * checks the URL with a GET (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`), which
   * is answered with the challenge when the token matches (compared in constant time), 403 when
   * it does not. Not a check of POSTed events: set `appSecret` for those. Not needed for
   * webhooks 360dialog sends.
   * @default undefined (a GET is answered 405)
   * @example
   * verifyToken: process.env.META_VERIFY_TOKEN
   */
  verifyToken?: string;
  /**
   * Called for every event, before the handler of its kind.
   * @default undefined
   * @example
   * onEvent: (event) => console.log(event.kind, event.phoneNumberId)
   */
  onEvent?: WebhookEventHandler<WebhookEvent>;
  /**
   * Handlers per kind of event.
   * @default {}
   * @example
   * on: { message: (e) => { if (e.type === "text") console.log(e.message.text.body) } }
   */
  on?: WebhookKindHandlers;
  /**
   * Called for every answer other than a plain 200 and for failures after the answer, for logs
   * and metrics. Never receives a secret or the body; a throw from it is ignored.
   * @default undefined
   * @example
   * onError: ({ code, status, message }) => console.warn(code, status, message)
   */
  onError?: (failure: WebhookFailure) => void;
  /**
   * Largest accepted request body in bytes (the same meaning as the Flows endpoint's); a larger
   * one gets 413 without being read further.
   * @default 1_048_576 (1 MiB)
   * @example
   * maxBodyBytes: 256 * 1024
   */
  maxBodyBytes?: number;
  /**
   * `"after-processing"`: run the handlers, then answer 200, or 500 when one fails (the sender
   * redelivers, and only the events not yet processed run again): at-least-once.
   * `"immediately"`: answer 200 once the request is verified and parsed, and run the handlers
   * afterwards (through `waitUntil` where the platform has one); a failure only reaches
   * `onError` and is not redelivered: at-most-once.
   * @default "after-processing"
   * @example
   * ack: "immediately", waitUntil: (p) => ctx.waitUntil(p)
   */
  ack?: WebhookAckMode;
  /**
   * Keeps the platform alive for background work with `ack: "immediately"` (Cloudflare's
   * `ctx.waitUntil`, Vercel's `waitUntil`). A Workers-style third argument `ctx` of the handler
   * is used when this is not set.
   * @default undefined (the promise is left running)
   * @example
   * waitUntil: (promise) => ctx.waitUntil(promise)
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /**
   * Milliseconds from the request's arrival within which the body must arrive (else 408) and,
   * with `ack: "after-processing"`, the handlers must finish (else 503, `context.signal` is
   * aborted, and the sender redelivers). `0` or `Infinity` turns it off.
   * @default 10_000
   * @example
   * timeoutMs: 5_000
   */
  timeoutMs?: number;
  /**
   * Where event keys are claimed, or `false` to hand every delivery to the handlers.
   * @default a memory store per handler (createMemoryDedupeStore(): 100,000 keys, LRU)
   * @example
   * dedupe: createRedisDedupeStore({ client })
   */
  dedupe?: DedupeStore | false;
  /**
   * How long a processed event's key is kept, in milliseconds: as long as redeliveries can come.
   * @default 604_800_000 (7 days, 360dialog's longest redelivery window)
   * @example
   * dedupeTtlMs: 24 * 60 * 60 * 1000
   */
  dedupeTtlMs?: number;
  /**
   * How long a claim holds while its handlers run, in milliseconds. Another delivery of the
   * event meanwhile is answered 503 (the sender comes back later); a process that dies while
   * its handlers run holds its claims only this long, then a redelivery processes the events.
   * Keep it above the longest time your handlers take.
   * @default 60_000
   * @example
   * dedupeLeaseMs: 5 * 60 * 1000
   */
  dedupeLeaseMs?: number;
}

/**
 * A fetch handler: `(request) => Promise<Response>`. The optional second and third arguments
 * are those of a Cloudflare Workers `fetch(request, env, ctx)`; `ctx.waitUntil` is used with
 * `ack: "immediately"`.
 */
export type WebhookHandler = (
  request: Request,
  env?: unknown,
  ctx?: { waitUntil?(promise: Promise<unknown>): void },
) => Promise<Response>;
