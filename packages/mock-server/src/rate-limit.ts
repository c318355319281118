/**
 * Per-key request budget: at most `requests` requests in any window of `perMs`
 * milliseconds, like the API's "1 request every N seconds" limits.
 *
 * @example
 * createMockHandler({ rateLimit: { requests: 1, perMs: 1000 } });
 */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  requests: number;
  /** Window length in milliseconds. */
  perMs: number;
}

/**
 * A sliding-window log per API key. A request refused with 429 does not count
 * against the budget, so a client that honours `Retry-After` gets through on
 * its next attempt.
 */
export class RateLimiter {
  readonly #options: RateLimitOptions;
  readonly #now: () => number;
  readonly #log = new Map<string, number[]>();

  constructor(options: RateLimitOptions, now: () => number = Date.now) {
    if (!(Number.isInteger(options.requests) && options.requests >= 1)) {
      throw new RangeError(`rateLimit.requests must be an integer >= 1, got ${options.requests}`);
    }
    if (!(Number.isFinite(options.perMs) && options.perMs > 0)) {
      throw new RangeError(`rateLimit.perMs must be a number > 0, got ${options.perMs}`);
    }
    this.#options = { ...options };
    this.#now = now;
  }

  /**
   * Count a request for `key`. Returns `undefined` when it is allowed, or the
   * whole seconds to wait (for `Retry-After`, at least 1) when it is refused.
   */
  hit(key: string): number | undefined {
    const now = this.#now();
    const windowStart = now - this.#options.perMs;
    const log = (this.#log.get(key) ?? []).filter((t) => t > windowStart);
    this.#log.set(key, log);
    const oldest = log[0];
    if (log.length >= this.#options.requests && oldest !== undefined) {
      // Retry-After carries whole seconds (RFC 9110 §10.2.3); round up so a client
      // that waits exactly that long is inside the budget again.
      return Math.max(1, Math.ceil((oldest + this.#options.perMs - now) / 1000));
    }
    log.push(now);
    return undefined;
  }

  /** Forget all counted requests. */
  reset(): void {
    this.#log.clear();
  }
}
