/**
 * When and how a failed request is repeated. Only transient failures are retried: network
 * errors before a response, attempt timeouts, and the statuses in `statusCodes`. 400, 401, 403
 * and 404 never are, nor errors thrown by your own code (middleware, a custom `fetch` that
 * throws something other than a network error).
 *
 * @example
 * ```ts
 * createD360Client({ apiKey, retry: { limit: 4, maxRetryAfter: 120_000 } });
 * ```
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt (so `2` means at most 3 requests).
   * @default 2
   * @example
   * ```ts
   * retry: { limit: 5 }
   * ```
   */
  limit?: number;
  /**
   * Response statuses that are retried. 400, 401, 403 and 404 are refused here: repeating them
   * cannot succeed.
   * @default [408, 429, 500, 502, 503, 504, 555]
   * @example
   * ```ts
   * retry: { statusCodes: [429, 503] }
   * ```
   */
  statusCodes?: readonly number[];
  /**
   * Longest `Retry-After` (in milliseconds) the client waits for. When the server asks for
   * longer, the request fails at once with an `ApiError` whose `retryAfter` says how long.
   * @default 60000
   * @example
   * ```ts
   * retry: { maxRetryAfter: 5_000 } // a 429 asking for 30 s fails immediately
   * ```
   */
  maxRetryAfter?: number;
  /**
   * Base of the exponential backoff, in milliseconds: the wait before retry `n` is a random
   * value between 0 and `delay * 2 ** (n - 1)` ("full jitter"), at most `backoffLimit`. A
   * `Retry-After` header replaces it.
   * @default 300
   * @example
   * ```ts
   * retry: { delay: 1_000 }
   * ```
   */
  delay?: number;
  /**
   * Upper bound of one backoff wait, in milliseconds.
   * @default 10000
   * @example
   * ```ts
   * retry: { backoffLimit: 2_000 }
   * ```
   */
  backoffLimit?: number;
  /**
   * Also retry operations the spec does not mark idempotent (POSTs other than
   * `setBusinessPublicKey`). Only turn this on when repeating such a request is harmless.
   * GET, HEAD and OPTIONS, and operations marked `x-idempotent` in the spec, are always retried.
   * @default false
   * @example
   * ```ts
   * retry: { retryNonIdempotent: true }
   * ```
   */
  retryNonIdempotent?: boolean;
}

/** A `fetch` as openapi-fetch calls it: one `Request` in, a `Response` out. */
export type FetchLike = (input: Request) => Promise<Response>;

/**
 * Options of {@link createD360Client}.
 *
 * @example
 * ```ts
 * const client = createD360Client({
 *   apiKey: process.env.D360_API_KEY ?? "",
 *   retry: 3,
 *   timeout: 5_000,
 * });
 * ```
 */
export interface D360ClientOptions {
  /**
   * The channel's API key, sent as the `D360-API-KEY` header on every request. It never
   * appears in an error message, `toString()`, JSON or `cause`.
   * @example
   * ```ts
   * apiKey: process.env.D360_API_KEY ?? ""
   * ```
   */
  apiKey: string;
  /**
   * Root URL of the API (a trailing slash is ignored). Point it at the mock server in tests.
   * @default "https://waba-v2.360dialog.io" (the spec's server)
   * @example
   * ```ts
   * baseUrl: mock.url // from startMockServer() of @d360-messaging/mock-server
   * ```
   */
  baseUrl?: string;
  /**
   * Extra headers for every request. They may replace the `User-Agent` the client sends, but
   * not `D360-API-KEY`, which always comes from `apiKey`.
   * @default {}
   * @example
   * ```ts
   * headers: { "X-Request-Source": "billing-service" }
   * ```
   */
  headers?: HeadersInit;
  /**
   * The `fetch` that sends each attempt, called with a `Request` (openapi-fetch's contract):
   * a mock handler for in-process tests, or an instrumented fetch. Retries and timeouts wrap it.
   * @default globalThis.fetch
   * @example
   * ```ts
   * fetch: createMockHandler() // from @d360-messaging/mock-server, no network at all
   * ```
   */
  fetch?: FetchLike;
  /**
   * Retry policy: a number sets `limit`, `false` turns retries off, an object tunes everything.
   * @default { limit: 2 }
   * @example
   * ```ts
   * retry: 4
   * retry: false
   * retry: { limit: 3, maxRetryAfter: 30_000 }
   * ```
   */
  retry?: number | false | RetryOptions;
  /**
   * Milliseconds each attempt may wait for the response headers before it is aborted (and
   * retried if retries remain), or `false` for no limit. Reading the body is not covered.
   * @default 10000
   * @example
   * ```ts
   * timeout: 3_000
   * ```
   */
  timeout?: number | false;
  /**
   * Milliseconds for the whole call: every attempt and every wait between attempts. When a
   * wait would not fit, the call fails at once instead of sleeping first. Like `timeout`, it
   * ends when the last response's headers arrive: reading the body is not covered (pass a
   * `signal` to bound that). `false` for no limit.
   * @default false
   * @example
   * ```ts
   * totalTimeout: 20_000
   * ```
   */
  totalTimeout?: number | false;
}
