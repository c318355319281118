import type { components } from "@d360-messaging/types";
import type { D360Client } from "../client.js";
import type { ApiError } from "../errors/ApiError.js";
import type { RejectReason } from "./classify.js";
import type { RateStore } from "./rate-store.js";

/** The body `client.messages.sendMessage` takes for a message to a recipient. */
export type SenderMessage = components["schemas"]["Message"] & {
  /**
   * Echoed by Meta in every status webhook of the message (at most 512 characters): the sender
   * puts the message's key here.
   */
  biz_opaque_callback_data?: string;
};

/** What the sender needs of a client: `createD360Client(...)` fits. */
export interface SenderClient {
  /** The messages namespace, of which `sendMessage` is called. */
  messages: Pick<D360Client["messages"], "sendMessage">;
}

/** The clock and timers the sender uses; tests pass fake ones. */
export interface SenderClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Schedule `run` after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(run: () => void, ms: number): unknown;
  /** Cancel a handle of `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/** Options of {@link createSender}. */
export interface SenderOptions {
  /** The client to send with (`createD360Client`). */
  client: SenderClient;
  /**
   * Messages per second for the business number: 80 by default on the Cloud API, up to 1,000
   * after Meta's automatic upgrade, 20 for a number shared with the WhatsApp Business app (Meta,
   * "Throughput"). Inbound messages count too, so leave room when the number also receives.
   * @default 80
   * @example
   * ```ts
   * rate: 20
   * ```
   */
  rate?: number;
  /**
   * How many messages may go at once after a quiet period, on top of the steady rate.
   * @default Math.ceil(rate / 10)
   * @example
   * ```ts
   * burst: 1
   * ```
   */
  burst?: number;
  /**
   * At most this many requests in flight at once.
   * @default 32
   * @example
   * ```ts
   * concurrency: 8
   * ```
   */
  concurrency?: number;
  /**
   * Milliseconds between two messages to the same recipient: Meta's pair rate limit allows about
   * one message every 6 seconds per recipient and answers 131056 beyond it.
   * @default 6000
   * @example
   * ```ts
   * pairInterval: 6000
   * ```
   */
  pairInterval?: number;
  /**
   * How many messages to one recipient may go at once before `pairInterval` applies. Meta lets
   * short bursts borrow from later; 1 keeps to the steady rate.
   * @default 1
   * @example
   * ```ts
   * pairBurst: 5
   * ```
   */
  pairBurst?: number;
  /**
   * Requests per message at most, when the API refuses it unprocessed (a rate limit, no
   * connection): then the message is reported `failed` with the last refusal.
   * @default 10
   * @example
   * ```ts
   * maxAttempts: 3
   * ```
   */
  maxAttempts?: number;
  /**
   * Where the number's send budget lives: memory (one process) by default; `createRedisRateStore`
   * from `@d360-messaging/client/redis` to share it between processes.
   * @default createMemoryRateStore()
   * @example
   * ```ts
   * store: createRedisRateStore({ client: redis })
   * ```
   */
  store?: RateStore;
  /**
   * The name of the budget in the store: processes sending from the same number must use the
   * same one (the phone number ID is a good choice).
   * @default "default"
   * @example
   * ```ts
   * limitKey: process.env.PHONE_NUMBER_ID
   * ```
   */
  limitKey?: string;
  /**
   * Called with each message's result as it is known, and the totals so far (for a progress
   * bar). An exception it throws is reported with `console.error` and otherwise ignored.
   * @default undefined
   * @example
   * ```ts
   * onResult: (result, totals) => bar.update(totals.done)
   * ```
   */
  onResult?: (result: SendResult, totals: SenderTotals) => void;
  /**
   * Stops the sender like `abort()`: nothing more is sent, and every queued message is reported
   * `not_attempted`.
   * @default undefined
   * @example
   * ```ts
   * signal: AbortSignal.timeout(60_000)
   * ```
   */
  signal?: AbortSignal;
  /**
   * The clock and timers (tests pass fake ones).
   * @default Date.now and the global setTimeout
   * @example
   * ```ts
   * clock: { now: () => fake.now, setTimeout: fake.set, clearTimeout: fake.clear }
   * ```
   */
  clock?: SenderClock;
}

/** Options of one message. */
export interface SendOptions {
  /**
   * Your key for the message, sent as its `biz_opaque_callback_data` (at most 512 characters),
   * which Meta echoes in its status webhooks. Without it the message's own
   * `biz_opaque_callback_data` is the key, else a random UUID.
   * @default message.biz_opaque_callback_data ?? crypto.randomUUID()
   * @example
   * ```ts
   * { key: `invoice-${invoice.id}` }
   * ```
   */
  key?: string;
}

/** What every result says about its message. */
export interface ResultBase {
  /** The message's key (its `biz_opaque_callback_data`). */
  key: string;
  /** The recipient (`to`). */
  to: string;
  /** Requests made for the message. */
  attempts: number;
}

/** The API accepted the message. */
export interface SentResult extends ResultBase {
  /** Always `"sent"`. */
  status: "sent";
  /** The message ID (`wamid.…`) the API gave it. */
  wamid: string;
}

/** The API refused the message; it was not sent. */
export interface FailedResult extends ResultBase {
  /** Always `"failed"`. */
  status: "failed";
  /** Why, by Meta's error code where it names one; `rate_limit` / `connection` after `maxAttempts`. */
  reason: RejectReason | "rate_limit" | "connection";
  /** The last refusal (an `ApiError`; a `NetworkError` when there was no connection). */
  error: ApiError | Error;
}

/**
 * The message may or may not have been sent (a reset, a timeout, a 5xx): never sent again.
 * `reconcile()` a status webhook with its key to learn which.
 */
export interface UnknownResult extends ResultBase {
  /** Always `"outcome_unknown"`. */
  status: "outcome_unknown";
  /** Usually an `OutcomeUnknownError`. */
  error: unknown;
}

/** Stopped before it was sent (`attempts` counts refusals of it that were not processed): safe to send again. */
export interface NotAttemptedResult extends ResultBase {
  /** Always `"not_attempted"`. */
  status: "not_attempted";
}

/** What the sender knows about one message in the end. */
export type SendResult = SentResult | FailedResult | UnknownResult | NotAttemptedResult;

/** Counts so far. */
export interface SenderTotals {
  /** Messages added. */
  added: number;
  /** Messages with a result (`sent + failed + unknown + notAttempted`). */
  done: number;
  /** Messages the API accepted. */
  sent: number;
  /** Messages the API refused. */
  failed: number;
  /** Messages reported `outcome_unknown`. */
  unknown: number;
  /** Messages reported `not_attempted`. */
  notAttempted: number;
  /** Requests refused for going too fast (130429, 131057, 131056, the vendor's rate limit). */
  rateLimited: number;
  /** Requests in flight now. */
  inFlight: number;
}

/** A status webhook: the webhooks package's status event, or the raw `statuses[]` object. */
export type StatusLike = StatusEventLike | RawStatus;

/** The webhooks package's status event (`@d360-messaging/webhooks`), as far as it is read. */
export interface StatusEventLike {
  /** Always `"status"`. */
  kind: "status";
  /** The status object as received. */
  statusUpdate: RawStatus;
}

/** The fields of a `statuses[]` object the sender reads. */
export interface RawStatus {
  /** The message ID (`wamid.…`). */
  id: string;
  /** `"sent"`, `"delivered"`, `"read"` or `"failed"`. */
  status: string;
  /** The key the message was sent with. */
  biz_opaque_callback_data?: string | undefined;
}

/** A message of unknown outcome, resolved by a status webhook. */
export interface Reconciled {
  /** The message's key. */
  key: string;
  /** The recipient. */
  to: string;
  /** `"sent"` when the status says it went out (sent, delivered, read), `"failed"` otherwise. */
  outcome: "sent" | "failed";
  /** The message ID from the status. */
  wamid: string;
  /** The status as received. */
  status: string;
  /** The message as it was sent. */
  message: SenderMessage;
}
