// The sender: one queue per recipient, a ready list of recipients whose next message may go, a
// heap of recipients waiting for their pair limit or a back-off, and one timer for the earliest
// thing that can happen next. Nothing per message but its queue slot: 100,000 pending messages
// are 100,000 small objects, no timers and no promises (unless the caller asks with `send()`).
import { count } from "../retry/policy.js";
import { Adaptive } from "./adaptive.js";
import { sendFailure } from "./classify.js";
import { Fifo } from "./fifo.js";
import { TimeHeap } from "./heap.js";
import { createMemoryRateStore } from "./rate-store.js";
import type {
  Reconciled,
  SenderMessage,
  SenderOptions,
  SenderTotals,
  SendOptions,
  SendResult,
  StatusLike,
} from "./types.js";

/** A sender made by {@link createSender}. */
export interface Sender {
  /**
   * Queue a message; its result comes through `onResult`. Returns its key (the
   * `biz_opaque_callback_data` it is sent with).
   *
   * @throws {TypeError} when the message has no `to`, the key is not a string of 1 to 512
   *   characters, or it differs from the message's own `biz_opaque_callback_data`
   * @throws {Error} after `close()` or an abort
   */
  add(message: SenderMessage, options?: SendOptions): string;
  /** Queue a message and wait for its result (never rejects for an API failure). */
  send(message: SenderMessage, options?: SendOptions): Promise<SendResult>;
  /** Counts so far. */
  readonly totals: SenderTotals;
  /**
   * Match a status webhook to a message reported `outcome_unknown`, by the key in its
   * `biz_opaque_callback_data`: returns what became of it (once; later statuses of the same
   * message return `undefined`), or `undefined` when the status is not about such a message.
   */
  reconcile(status: StatusLike): Reconciled | undefined;
  /** Keys of the messages reported `outcome_unknown` and not reconciled yet. */
  unresolved(): string[];
  /** Accept no more messages; resolves with the totals once every queued message has a result. */
  close(): Promise<SenderTotals>;
  /**
   * Stop: nothing more is sent, every queued message is reported `not_attempted` (safe to send
   * again). Requests already in flight finish (cutting them would make their outcome unknown);
   * resolves with the totals once they have.
   */
  abort(reason?: unknown): Promise<SenderTotals>;
}

interface Item {
  message: SenderMessage;
  key: string;
  to: string;
  attempts: number;
  resolve?: ((result: SendResult) => void) | undefined;
}

interface Recipient {
  queue: Fifo<Item>;
  /** GCRA state of the pair limit (epoch ms). */
  tat: number;
  /** `tat` before the request in flight: restored when the API refused it unprocessed. */
  before: number;
  /** Not before this (a 131056 back-off). */
  until: number;
  /** 131056 answers in a row. */
  strikes: number;
  /** When it may send next: the heap's order. */
  at: number;
  /** In the ready list, the heap or in flight. */
  busy: boolean;
}

// Meta, "Throughput": about one message every 6 seconds to the same user (pair rate limit).
// https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput
const PAIR_INTERVAL = 6_000;
// Meta documents biz_opaque_callback_data as at most 512 characters (the spec's field text).
const MAX_KEY = 512;
const MAX_BACKOFF = 60_000;

const systemClock = {
  now: () => Date.now(),
  setTimeout: (run: () => void, ms: number) => setTimeout(run, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A queue that sends messages through `client.messages.sendMessage` at the number's rate (a
 * token bucket with bounded bursts, slowed down and sped up again by the API's answers), at most
 * `concurrency` at once, each recipient's messages in order and spaced by the pair limit without
 * holding up other recipients. A message the API refused unprocessed (a rate limit, no
 * connection) is sent again; one that may have been sent is never sent again but reported
 * `outcome_unknown` with its key (see the README, "Sending many messages").
 *
 * A factory over an options object, like `createD360Client`: the sender owns timers and a queue,
 * so it has a lifetime (`close()`, `abort()`), and one object carries both.
 *
 * @example
 * ```ts
 * const sender = createSender({ client, rate: 80, onResult: (r) => log(r.status, r.key) });
 * for (const to of recipients) sender.add({ messaging_product: "whatsapp", to, type: "text", text: { body } });
 * const totals = await sender.close();
 * ```
 */
export function createSender(options: SenderOptions): Sender {
  const { client, onResult, signal } = options;
  if (typeof client?.messages?.sendMessage !== "function") {
    throw new TypeError("createSender: client must be a client from createD360Client()");
  }
  const rate = positive(options.rate ?? 80, "rate");
  const burst = Math.max(1, count(options.burst ?? Math.ceil(rate / 10), "burst"));
  const concurrency = Math.max(1, count(options.concurrency ?? 32, "concurrency"));
  const pairInterval = count(options.pairInterval ?? PAIR_INTERVAL, "pairInterval");
  const pairBurst = Math.max(1, count(options.pairBurst ?? 1, "pairBurst"));
  const maxAttempts = Math.max(1, count(options.maxAttempts ?? 10, "maxAttempts"));
  const store = options.store ?? createMemoryRateStore();
  const limitKey = options.limitKey ?? "default";
  const clock = options.clock ?? systemClock;
  // Back from a cut (0.7) to the full rate after about 0.6 s worth of successes at the full rate.
  const adaptive = new Adaptive(1 / (2 * rate));

  const recipients = new Map<string, Recipient>();
  const ready = new Fifo<Recipient>();
  const waiting = new TimeHeap<Recipient>();
  const unknown = new Map<string, Item>();
  const totals: SenderTotals = {
    added: 0,
    done: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    notAttempted: 0,
    rateLimited: 0,
    inFlight: 0,
  };
  let queued = 0;
  let closed = false;
  let stopped = false;
  let timer: unknown;
  let timerAt = Number.POSITIVE_INFINITY;
  let pumping = false;
  let again = false;
  /** Not before this, for everyone (a server's Retry-After). */
  let pausedUntil = 0;
  let completions = 0;
  const idle: (() => void)[] = [];

  if (signal?.aborted) stop();
  signal?.addEventListener("abort", () => void stop(), { once: true });

  function report(item: Item, result: SendResult): void {
    totals.done++;
    if (result.status === "sent") totals.sent++;
    else if (result.status === "failed") totals.failed++;
    else if (result.status === "outcome_unknown") totals.unknown++;
    else totals.notAttempted++;
    item.resolve?.(result);
    if (onResult) {
      try {
        onResult(result, { ...totals });
      } catch (error) {
        console.error("createSender: onResult threw", error);
      }
    }
  }

  /** Put a recipient with queued messages in the ready list or the heap. */
  function schedule(r: Recipient, now: number): void {
    r.busy = true;
    r.at = Math.max(r.tat - (pairBurst - 1) * pairInterval, r.until);
    if (r.at <= now) ready.push(r);
    else waiting.push(r);
  }

  function arm(at: number): void {
    if (stopped || at >= timerAt) return;
    if (timer !== undefined) clock.clearTimeout(timer);
    timerAt = at;
    timer = clock.setTimeout(
      () => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        void pump();
      },
      Math.max(0, at - clock.now()),
    );
  }

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!stopped && totals.inFlight < concurrency) {
          let now = clock.now();
          for (let top = waiting.peek(); top && top.at <= now; top = waiting.peek()) {
            ready.push(waiting.pop() as Recipient);
          }
          if (!ready.length) break;
          if (pausedUntil > now) {
            arm(pausedUntil);
            break;
          }
          const wait = await store.take(limitKey, 1000 / (rate * adaptive.factor), burst, now);
          if (stopped) break;
          if (wait > 0) {
            arm(clock.now() + wait);
            break;
          }
          now = clock.now();
          dispatch(ready.shift() as Recipient, now);
        }
        const next = waiting.peek();
        if (!stopped && next && !ready.length) arm(next.at);
      } while (again && !stopped);
    } catch (error) {
      // A shared store that fails (Redis down): stop rather than send without a limit.
      console.error("createSender: the rate store failed; stopping", error);
      stop();
    } finally {
      pumping = false;
    }
  }

  function dispatch(r: Recipient, now: number): void {
    const item = r.queue.shift() as Item;
    queued--;
    item.attempts++;
    r.before = r.tat;
    r.tat = Math.max(r.tat, now) + pairInterval;
    totals.inFlight++;
    const { message } = item;
    const body =
      message.biz_opaque_callback_data === item.key
        ? message
        : { ...message, biz_opaque_callback_data: item.key };
    client.messages.sendMessage(body as never).then(
      (result) => settle(r, item, undefined, result),
      (error: unknown) => settle(r, item, error, undefined),
    );
  }

  function settle(r: Recipient, item: Item, error: unknown, result: unknown): void {
    totals.inFlight--;
    const now = clock.now();
    const verdict = error === undefined ? undefined : sendFailure(error);
    if (verdict === undefined) {
      adaptive.grow();
      r.strikes = 0;
      const wamid = (result as { messages?: { id?: string }[] } | undefined)?.messages?.[0]?.id;
      report(item, {
        status: "sent",
        key: item.key,
        to: item.to,
        wamid: wamid ?? "",
        attempts: item.attempts,
      });
    } else if (verdict.verdict === "rejected") {
      report(item, {
        status: "failed",
        key: item.key,
        to: item.to,
        reason: verdict.reason,
        error: verdict.error,
        attempts: item.attempts,
      });
    } else if (verdict.verdict === "maybe_processed") {
      unknown.set(item.key, item);
      report(item, {
        status: "outcome_unknown",
        key: item.key,
        to: item.to,
        error,
        attempts: item.attempts,
      });
    } else {
      // Not processed: the pair slot was not used.
      r.tat = r.before;
      if (verdict.scope === "recipient") {
        totals.rateLimited++;
        r.strikes++;
        // From the pair interval (Meta's ~6 s when spacing is turned off), doubling per refusal.
        const base = pairInterval || PAIR_INTERVAL;
        r.until = now + Math.min(MAX_BACKOFF, verdict.retryAfter || base * 2 ** (r.strikes - 1));
      } else if (verdict.scope === "number") {
        totals.rateLimited++;
        adaptive.cut(now);
        if (verdict.retryAfter) pausedUntil = Math.max(pausedUntil, now + verdict.retryAfter);
      } else {
        // No connection (the client already retried it): wait a little before this recipient.
        r.until = now + Math.min(MAX_BACKOFF, 1_000 * 2 ** (item.attempts - 1));
      }
      if (stopped) {
        report(item, {
          status: "not_attempted",
          key: item.key,
          to: item.to,
          attempts: item.attempts,
        });
      } else if (item.attempts >= maxAttempts) {
        report(item, {
          status: "failed",
          key: item.key,
          to: item.to,
          reason: verdict.scope === "connection" ? "connection" : "rate_limit",
          error: error as Error,
          attempts: item.attempts,
        });
      } else {
        r.queue.unshift(item);
        queued++;
      }
    }
    r.busy = false;
    if (r.queue.length && !stopped) schedule(r, now);
    if (++completions % 4096 === 0) prune(now);
    if (queued === 0 && totals.inFlight === 0) for (const done of idle.splice(0)) done();
    void pump();
  }

  /** Forget idle recipients whose pair limit has passed (their state is the default again). */
  function prune(now: number): void {
    for (const [to, r] of recipients) {
      if (!r.busy && !r.queue.length && r.tat <= now && r.until <= now) recipients.delete(to);
    }
  }

  function stop(): Promise<SenderTotals> {
    if (!stopped) {
      stopped = true;
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      ready.drain();
      waiting.drain();
      for (const r of recipients.values()) {
        for (const item of r.queue.drain()) {
          queued--;
          report(item, {
            status: "not_attempted",
            key: item.key,
            to: item.to,
            attempts: item.attempts,
          });
        }
      }
    }
    return drained();
  }

  function drained(): Promise<SenderTotals> {
    if (queued === 0 && totals.inFlight === 0) return Promise.resolve({ ...totals });
    return new Promise((resolve) => idle.push(() => resolve({ ...totals })));
  }

  function add(
    message: SenderMessage,
    opts?: SendOptions,
    resolve?: (result: SendResult) => void,
  ): string {
    if (closed)
      throw new Error("createSender: the sender is closed (close() or abort() was called)");
    const to = (message as { to?: unknown } | null)?.to;
    if (typeof to !== "string" || to === "") {
      throw new TypeError(
        "sender.add: the message needs a `to` (the recipient's phone number or ID)",
      );
    }
    const own = message.biz_opaque_callback_data;
    const key = opts?.key ?? own ?? crypto.randomUUID();
    if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY) {
      throw new TypeError(`sender.add: the key must be a string of 1 to ${MAX_KEY} characters`);
    }
    if (own !== undefined && own !== key) {
      throw new TypeError(
        "sender.add: options.key differs from the message's biz_opaque_callback_data: pass one of them",
      );
    }
    const item: Item = {
      // The copy with the key is made when the message is sent, not while it waits.
      message,
      key,
      to,
      attempts: 0,
      resolve,
    };
    enqueue(item);
    return key;
  }

  function enqueue(item: Item): void {
    let r = recipients.get(item.to);
    if (!r) {
      r = {
        queue: new Fifo(),
        tat: 0,
        before: 0,
        until: 0,
        strikes: 0,
        at: 0,
        busy: false,
      };
      recipients.set(item.to, r);
    }
    r.queue.push(item);
    queued++;
    totals.added++;
    if (!r.busy) schedule(r, clock.now());
    void pump();
  }

  return {
    add: (message, opts) => add(message, opts),
    send(message, opts) {
      return new Promise<SendResult>((resolve) => {
        add(message, opts, resolve);
      });
    },
    get totals() {
      return { ...totals };
    },
    reconcile(status) {
      const raw = "statusUpdate" in status ? status.statusUpdate : status;
      const key = raw?.biz_opaque_callback_data;
      if (typeof key !== "string") return;
      const item = unknown.get(key);
      if (!item) return;
      unknown.delete(key);
      return {
        key,
        to: item.to,
        outcome: raw.status === "failed" ? "failed" : "sent",
        wamid: raw.id,
        status: raw.status,
        message: { ...item.message, biz_opaque_callback_data: item.key },
      };
    },
    unresolved() {
      return [...unknown.keys()];
    },
    close() {
      closed = true;
      return drained();
    },
    abort() {
      return stop();
    },
  };
}

function positive(value: number, name: string): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`createSender: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
