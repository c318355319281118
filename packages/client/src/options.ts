import type { ClientOptions, HeadersOptions } from "openapi-fetch";

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

/**
 * A `fetch` as openapi-fetch calls it: a `Request`, and openapi-fetch's `requestInitExt` (on
 * Node) as the second argument. When a timeout runs, the second argument also carries the
 * attempt's `signal`, and always `redirect: "manual"` unless the request already says so.
 */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** What the {@link Hooks} see of an attempt. */
export interface AttemptInfo {
  /** The request, bodiless, with the `D360-API-KEY` header (and the other hidden ones, see `redactHeaders`) replaced by `[REDACTED]`. */
  request: Request;
  /** The attempt, 1 for the first request. */
  attempt: number;
}

/** What `hooks.beforeRetry` sees: why the attempt failed and how long the client waits. */
export interface RetryInfo extends AttemptInfo {
  /** The retry about to happen, 1 for the first. */
  retryCount: number;
  /** Milliseconds the client waits before sending it. */
  delay: number;
  /** The failure, when no response arrived: a `NetworkError` or a `TimeoutError`. */
  error?: Error | undefined;
  /** The failed response (its body readable), when one arrived. */
  response?: Response | undefined;
}

/**
 * Functions called on every attempt, in the shape ky uses: middleware sees one request per call,
 * these see each of the requests actually sent. Awaited in order; an error they throw ends the
 * call with that error.
 *
 * @example
 * ```ts
 * hooks: {
 *   beforeRetry: [({ attempt, delay, error, response }) =>
 *     console.warn(`attempt ${attempt} failed (${response?.status ?? error?.name}), retrying in ${delay} ms`)],
 * }
 * ```
 */
export interface Hooks {
  /**
   * After each response arrived and its body was read, before the retry decision.
   * @default []
   * @example
   * ```ts
   * afterResponse: [({ response, attempt }) => metrics.count(response.status, attempt)]
   * ```
   */
  afterResponse?: ((info: AttemptInfo & { response: Response }) => void | Promise<void>)[];
  /**
   * Before each retry (after the failed attempt, before the wait).
   * @default []
   * @example
   * ```ts
   * beforeRetry: [({ retryCount, delay }) => log.info({ retryCount, delay })]
   * ```
   */
  beforeRetry?: ((info: RetryInfo) => void | Promise<void>)[];
}

/**
 * What `new Headers(init)` accepts: header pairs, a record of strings, or `Headers`. Named from
 * `Headers` (declared by the DOM lib and by @types/node alike), not the DOM-only `HeadersInit`,
 * so these types compile in a project without the DOM lib.
 */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];

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
export interface D360ClientOptions
  extends Omit<ClientOptions, "baseUrl" | "headers" | "fetch" | "redirect"> {
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
   * Extra headers for every request, with openapi-fetch's rules: `null` removes a header (the
   * `User-Agent` too), `undefined` is skipped, an array sends one header per value. They may
   * replace the `User-Agent` the client sends, but not `D360-API-KEY`, which always comes from
   * `apiKey`.
   * @default {}
   * @example
   * ```ts
   * headers: { "X-Request-Source": "billing-service" }
   * ```
   */
  headers?: HeadersOptions;
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
   * Milliseconds each attempt may take, response headers and body, before it is aborted (and
   * retried if retries remain), or `false` for no limit.
   * @default 10000
   * @example
   * ```ts
   * timeout: 3_000
   * ```
   */
  timeout?: number | false;
  /**
   * Milliseconds for the whole call: every attempt, its body included, and every wait between
   * attempts. When a wait would not fit, the call fails at once instead of sleeping first.
   * `false` for no limit.
   * @default false
   * @example
   * ```ts
   * totalTimeout: 20_000
   * ```
   */
  totalTimeout?: number | false;
  /**
   * Largest response body, in bytes, the client reads; a larger one (or a larger
   * `Content-Length`) fails the call with an `ApiError` of kind `"too_large"`, never retried.
   * Every body is read into memory inside the attempt, so that timeouts cover it and a body cut
   * off mid-stream is retried; `false` reads any size.
   * @default 10485760 (10 MiB)
   * @example
   * ```ts
   * maxResponseSize: 1_048_576
   * ```
   */
  maxResponseSize?: number | false;
  /**
   * Functions that see every attempt; see {@link Hooks}.
   * @default {}
   * @example
   * ```ts
   * hooks: { beforeRetry: [({ retryCount, delay }) => console.warn(`retry ${retryCount} in ${delay} ms`)] }
   * ```
   */
  hooks?: Hooks;
  /**
   * More request headers whose values an error's `request` hides (replaced by `[REDACTED]`),
   * beside the ones always hidden: `D360-API-KEY`, `Authorization`, `Proxy-Authorization`,
   * `Cookie` and `Set-Cookie`. Names are case-insensitive.
   * @default []
   * @example
   * ```ts
   * redactHeaders: ["X-Partner-Token"]
   * ```
   */
  redactHeaders?: readonly string[];
}
