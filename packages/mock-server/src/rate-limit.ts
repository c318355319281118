import { errorResponse, jsonResponse } from "./errors.js";
import { integerOption, numberOption } from "./options.js";
import { legacyError, legacyRateLimitMessage, VENDOR_MESSAGES } from "./vendor.js";

/**
 * How a request over the rate limit is answered:
 *
 * - `"vendor"`: what the real API answers today (360dialog, "Error Code Reference"): **400**
 *   `{"error": "You have exceeded the endpoint rate limit."}`, no `Retry-After`.
 * - `"legacy"`: the older envelope (360dialog, "Error Messages", Usage Limit): 400
 *   `{"meta": {"httpCode": 400, "developerMessage": "You have exceeded the limit of 1 request
 *   every N seconds. Try again later.", "success": false}}`, N the window in whole seconds.
 * - `"spec"`: the OpenAPI spec's idealised answer: 429 `{"error": "Rate limit exceeded: retry
 *   after N s"}` with `Retry-After: N`.
 */
export type RateLimitResponse = "vendor" | "legacy" | "spec";

/**
 * Per-key request budget: at most `requests` requests in any window of `perMs`
 * milliseconds, like the API's "1 request every N seconds" limits.
 *
 * @example
 * createMockHandler({ rateLimit: { requests: 1, perMs: 1000 } }); // 400, as the real API
 * createMockHandler({ rateLimit: { requests: 1, perMs: 1000, response: "spec" } }); // 429 + Retry-After
 */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  requests: number;
  /** Window length in milliseconds. */
  perMs: number;
  /**
   * How a refused request is answered; see {@link RateLimitResponse}.
   * @default "vendor"
   * @example
   * createMockHandler({ rateLimit: { requests: 1, perMs: 2000, response: "legacy" } });
   */
  response?: RateLimitResponse;
}

const RESPONSES: ReadonlySet<string> = new Set<RateLimitResponse>(["vendor", "legacy", "spec"]);

/**
 * A sliding-window log per API key. A refused request does not count against the budget, so a
 * client that waits as long as it is told gets through on its next attempt.
 */
export class RateLimiter {
  readonly #options: Required<RateLimitOptions>;
  readonly #now: () => number;
  readonly #log = new Map<string, number[]>();

  constructor(options: RateLimitOptions, now: () => number = Date.now) {
    const requests = integerOption("rateLimit.requests", options.requests, 1);
    const perMs = numberOption("rateLimit.perMs", options.perMs, { min: 0, exclusive: true });
    const response = options.response ?? "vendor";
    if (!RESPONSES.has(response)) {
      throw new RangeError(
        `rateLimit.response must be "vendor", "legacy" or "spec", got ${String(response).slice(0, 20)}`,
      );
    }
    this.#options = { requests, perMs, response };
    this.#now = now;
  }

  /**
   * Count a request for `key`. Returns `undefined` when it is allowed, or the answer refusing it.
   */
  hit(key: string): Response | undefined {
    const now = this.#now();
    const windowStart = now - this.#options.perMs;
    const log = (this.#log.get(key) ?? []).filter((t) => t > windowStart);
    this.#log.set(key, log);
    const oldest = log[0];
    if (log.length >= this.#options.requests && oldest !== undefined) {
      // Whole seconds (Retry-After, RFC 9110 §10.2.3), rounded up so a client that waits
      // exactly that long is inside the budget again.
      return this.#refuse(Math.max(1, Math.ceil((oldest + this.#options.perMs - now) / 1000)));
    }
    log.push(now);
    return undefined;
  }

  #refuse(retryAfter: number): Response {
    const { requests, perMs, response } = this.#options;
    switch (response) {
      case "vendor":
        return errorResponse(400, VENDOR_MESSAGES.rateLimit);
      case "legacy":
        // The message names the window, as the vendor's does; a client waiting that long from
        // now is always inside the budget again (the window is at least the time left).
        return jsonResponse(
          legacyError(400, legacyRateLimitMessage(requests, Math.max(1, Math.ceil(perMs / 1000)))),
          400,
        );
      case "spec":
        return errorResponse(429, `Rate limit exceeded: retry after ${retryAfter} s`, {
          "retry-after": String(retryAfter),
        });
    }
  }

  /** Forget all counted requests. */
  reset(): void {
    this.#log.clear();
  }
}
