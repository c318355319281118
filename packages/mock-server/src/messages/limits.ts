// WhatsApp's sending limits as the mock enforces them on `POST /messages`, per channel (API key:
// one business phone number each). Every clock reading comes from the handler's `now` option,
// so tests drive them with fake time.
import { integerOption, numberOption } from "../options.js";

/**
 * A number's throughput (Meta, "Throughput",
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput: "up to
 * 80 messages per second (mps) by default, and up to 1,000 mps by automatic upgrade"; a number
 * also used with the WhatsApp Business app has "fixed throughput of 20 mps"). Over it, Meta
 * answers error 130429.
 * @example
 * createMockHandler({ throughput: { perSecond: 20 } }); // a coexistence number
 */
export interface ThroughputOptions {
  /**
   * Messages a channel may send in any window of one second.
   * @default 80
   * @example
   * createMockHandler({ throughput: { perSecond: 1000 } });
   */
  perSecond?: number;
}

/**
 * The pair rate limit between one business number and one user: about one message every 6
 * seconds, and a burst of up to 45 messages within 6 seconds that borrows from later (after a
 * burst of N, the next message to that user waits until N × 6 s have passed since the burst
 * began). Over it, Meta answers error 131056. Meta's throughput page names the pair rate limit;
 * the figures (6 s, 45) are quoted from Meta by secondary sources (e.g.
 * https://developers.whats91.com/rate-limits), Meta's own text for the burst was not found.
 * @example
 * createMockHandler({ pairRateLimit: { intervalMs: 6000, burst: 1 } }); // strictly 1 per 6 s
 */
export interface PairRateLimitOptions {
  /**
   * The steady pace to one user: one message per this many milliseconds.
   * @default 6000
   * @example
   * createMockHandler({ pairRateLimit: { intervalMs: 1000 } });
   */
  intervalMs?: number;
  /**
   * How many messages to one user may go out within one `intervalMs` as a burst.
   * @default 45
   * @example
   * createMockHandler({ pairRateLimit: { burst: 3 } });
   */
  burst?: number;
}

/**
 * Cut the answer to an accepted message after it was recorded (and its event emitted), as a
 * network failure between the API and the client would: the message exists, the client sees a
 * failure, and a client that retries creates a duplicate. Counted over accepted messages only.
 * @example
 * createMockHandler({ cutResponses: { every: 3 } }); // the 3rd, 6th, … message
 * createMockHandler({ cutResponses: { probability: 0.1, random: seededRandom } });
 */
export interface CutResponseOptions {
  /**
   * Cut every Nth accepted message (1 cuts all of them).
   * @default never
   * @example
   * createMockHandler({ cutResponses: { every: 2 } });
   */
  every?: number;
  /**
   * Cut each accepted message with this probability (0 to 1), drawn from `random`.
   * @default 0
   * @example
   * createMockHandler({ cutResponses: { probability: 0.25 } });
   */
  probability?: number;
  /**
   * The random source for `probability`: returns a number in [0, 1).
   * @default Math.random
   * @example
   * createMockHandler({ cutResponses: { probability: 0.5, random: () => 0.1 } });
   */
  random?: () => number;
  /**
   * How the answer is cut: `"drop"` closes the connection before any byte of the answer (in
   * process: the handler rejects with a `ConnectionDroppedError`, a `TypeError` as fetch's);
   * `"truncate"` sends the status and the first half of the body, then fails the body's stream
   * (over HTTP the connection is closed mid-body).
   * @default "drop"
   * @example
   * createMockHandler({ cutResponses: { every: 1, mode: "truncate" } });
   */
  mode?: "drop" | "truncate";
}

/** The throughput default (Meta, "Throughput": 80 mps). */
export const DEFAULT_MESSAGES_PER_SECOND = 80;
/** The pair rate limit's default pace: one message per 6 s to one user. */
export const DEFAULT_PAIR_INTERVAL_MS = 6000;
/** The pair rate limit's default burst: 45 messages within 6 s. */
export const DEFAULT_PAIR_BURST = 45;
/** How long after a message the same body to the same recipient counts as a duplicate. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 60_000;

/** A sliding one-second window per channel. */
export class Throughput {
  readonly perSecond: number;
  readonly #sent = new Map<string, number[]>();

  constructor(options: ThroughputOptions) {
    this.perSecond = integerOption(
      "throughput.perSecond",
      options.perSecond ?? DEFAULT_MESSAGES_PER_SECOND,
      1,
    );
  }

  /** Whether `apiKey` may send at `now` (counts nothing: see {@link Throughput.add}). */
  allows(apiKey: string, now: number): boolean {
    const sent = (this.#sent.get(apiKey) ?? []).filter((t) => t > now - 1000);
    this.#sent.set(apiKey, sent);
    return sent.length < this.perSecond;
  }

  /** Count a message `apiKey` sent at `now`. */
  add(apiKey: string, now: number): void {
    const sent = this.#sent.get(apiKey) ?? [];
    sent.push(now);
    this.#sent.set(apiKey, sent);
  }

  reset(): void {
    this.#sent.clear();
  }
}

interface Pair {
  /** When the borrowed time is paid back: the next message is free from then on. */
  due: number;
  /** When the current burst began, and how many messages it holds. */
  burstStart: number;
  count: number;
}

// Above this many pairs, the ones with nothing borrowed are swept (a load test to many
// recipients would otherwise keep one entry per recipient for the handler's life).
const SWEEP_ABOVE = 10_000;

/** The pair rate limit per (channel, recipient). */
export class PairRateLimit {
  readonly intervalMs: number;
  readonly burst: number;
  readonly #pairs = new Map<string, Pair>();
  #sweepAt = SWEEP_ABOVE;

  constructor(options: PairRateLimitOptions) {
    this.intervalMs = numberOption(
      "pairRateLimit.intervalMs",
      options.intervalMs ?? DEFAULT_PAIR_INTERVAL_MS,
      { min: 0, exclusive: true },
    );
    this.burst = integerOption("pairRateLimit.burst", options.burst ?? DEFAULT_PAIR_BURST, 1);
  }

  /** Whether `apiKey` may send to `to` at `now`; counts the message when it may. */
  take(apiKey: string, to: string, now: number): boolean {
    const key = `${apiKey}\u0000${to}`;
    let pair = this.#pairs.get(key);
    if (pair === undefined || pair.due <= now) {
      // Nothing borrowed: a new burst begins.
      if (pair === undefined && this.#pairs.size >= this.#sweepAt) this.#sweep(now);
      pair = { due: now, burstStart: now, count: 0 };
      this.#pairs.set(key, pair);
    } else if (now - pair.burstStart >= this.intervalMs || pair.count >= this.burst) {
      // Past the burst's window or its size, with time still borrowed: wait until it is repaid.
      return false;
    }
    pair.count++;
    pair.due += this.intervalMs;
    return true;
  }

  /** How many (channel, recipient) pairs are held. */
  get size(): number {
    return this.#pairs.size;
  }

  // A pair with nothing borrowed behaves exactly as one never seen: forget it.
  #sweep(now: number): void {
    for (const [key, pair] of this.#pairs) if (pair.due <= now) this.#pairs.delete(key);
    // Sweep again only once the map has grown as much again (amortised O(1) per message).
    this.#sweepAt = Math.max(SWEEP_ABOVE, this.#pairs.size * 2);
  }

  reset(): void {
    this.#pairs.clear();
    this.#sweepAt = SWEEP_ABOVE;
  }
}

/** Decides which accepted messages get their answer cut. */
export class CutResponses {
  readonly mode: "drop" | "truncate";
  readonly #every: number | undefined;
  readonly #probability: number;
  readonly #random: () => number;
  #accepted = 0;

  constructor(options: CutResponseOptions) {
    this.#every =
      options.every === undefined
        ? undefined
        : integerOption("cutResponses.every", options.every, 1);
    this.#probability = numberOption("cutResponses.probability", options.probability ?? 0, {
      min: 0,
      max: 1,
    });
    const random = options.random ?? Math.random;
    if (typeof random !== "function") throw new TypeError("cutResponses.random must be a function");
    this.#random = random;
    const mode = options.mode ?? "drop";
    if (mode !== "drop" && mode !== "truncate") {
      throw new RangeError(
        `cutResponses.mode must be "drop" or "truncate", got ${String(mode).slice(0, 20)}`,
      );
    }
    this.mode = mode;
  }

  /** Whether the answer to the message just accepted is cut. */
  next(): boolean {
    this.#accepted++;
    if (this.#every !== undefined && this.#accepted % this.#every === 0) return true;
    return this.#probability > 0 && this.#random() < this.#probability;
  }

  reset(): void {
    this.#accepted = 0;
  }
}

/** Remembers each (channel, recipient, body) for `windowMs` and counts repeats. */
export class DuplicateCounter {
  readonly windowMs: number;
  #count = 0;
  // Insertion order is time order (a repeat is moved to the end), so expired entries are first.
  readonly #seen = new Map<string, { id: string; at: number }>();

  constructor(windowMs: number) {
    this.windowMs = numberOption("duplicateWindowMs", windowMs, { min: 0 });
  }

  /** Note a message; returns the id of the earlier one it repeats, if any. */
  note(key: string, id: string, now: number): string | undefined {
    for (const [k, entry] of this.#seen) {
      if (now - entry.at <= this.windowMs) break;
      this.#seen.delete(k);
    }
    const earlier = this.#seen.get(key);
    this.#seen.delete(key);
    this.#seen.set(key, { id, at: now });
    if (earlier === undefined) return undefined;
    this.#count++;
    return earlier.id;
  }

  get count(): number {
    return this.#count;
  }

  reset(): void {
    this.#count = 0;
    this.#seen.clear();
  }
}
