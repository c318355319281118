import type { ErrorResponse } from "@d360-messaging/types";
import { D360Error, describe, isD360Error } from "./D360Error.js";

/** What kind of failure an {@link ApiError} reports, from the vendor's table (errors/vendor.ts). */
export type ApiErrorKind =
  | "rate_limit"
  | "account_disabled"
  | "payment"
  | "unauthorized"
  | "policy"
  | "blocked"
  | "not_found"
  | "restarting"
  | "unavailable"
  | "server"
  | "client"
  | "redirect"
  | "too_large"
  | "unexpected_body";

/** What an {@link ApiError} carries. */
export interface ApiErrorFields {
  /** HTTP status of the last response, e.g. `503`. */
  readonly status: number;
  /** The response's status text (empty over HTTP/2 and from in-process handlers). */
  readonly statusText: string;
  /**
   * The error body as received, parsed when it was JSON (any of the vendor's envelopes:
   * `{"error": "…"}`, Meta's `{"error": {"message", "code", …}}`, the legacy `{"meta": {…}}`),
   * else a short text excerpt (an HTML proxy page, `""`). The API key is replaced by `[REDACTED]`.
   */
  readonly body: ErrorResponse | string | undefined;
  /** Upper-case HTTP method, e.g. `"GET"`. */
  readonly method: string;
  /** The request URL (the API key travels in a header, never here). */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** Milliseconds the server asked to wait before retrying (`Retry-After`, or the interval a rate-limit message names). */
  readonly retryAfter?: number | undefined;
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request?: Request | undefined;
  /**
   * What went wrong. The client fills it in from the vendor's error table (status, message and
   * code); when not given, it is derived from `status` alone: 401 `"unauthorized"`, 403
   * `"blocked"`, 404 `"not_found"`, 429 `"rate_limit"`, 502 to 504 `"unavailable"`, 555
   * `"restarting"`, other 5xx `"server"`, anything else `"client"`.
   */
  readonly kind?: ApiErrorKind | undefined;
  /** Meta's numeric error code, when the body has one (the client reads it from the body). */
  readonly code?: number | undefined;
  /** The vendor's own message (the client reads it from the body, whatever the envelope). */
  readonly detail?: string | undefined;
}

/**
 * The API answered with an error status (after any retries), redirected, or sent a body that
 * is not what the spec promises. Thrown by the `encryption.*` methods; the generic `GET`/`POST`
 * keep openapi-fetch's `{ data, error, response }` result instead, and reject with it only for
 * a redirect or a body over `maxResponseSize`.
 *
 * @example
 * ```ts
 * try {
 *   await client.encryption.getBusinessPublicKey();
 * } catch (error) {
 *   if (isApiError(error) && error.kind === "unauthorized") console.error("Check D360_API_KEY");
 *   else throw error;
 * }
 * ```
 */
export class ApiError extends D360Error implements ApiErrorFields {
  override name = "ApiError";
  declare readonly status: number;
  declare readonly statusText: string;
  declare readonly body: ErrorResponse | string | undefined;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
  declare readonly retryAfter?: number | undefined;
  declare readonly request?: Request | undefined;
  /** What went wrong, from the vendor's error table (`"rate_limit"`, `"unauthorized"`, `"policy"`, …). */
  declare readonly kind: ApiErrorKind;
  /** Meta's numeric error code when the body has one (e.g. `368`, a policy block). */
  declare readonly code: number | undefined;
  /** The vendor's own message, whatever the envelope (an HTML page's title). */
  declare readonly detail: string | undefined;

  /**
   * Builds the message from the fields as given, synchronously. The client's own errors come
   * with everything filled in from the vendor's error table (`kind`, `code`, `detail`, and the
   * table's hint in `reason`). Constructed directly, an `ApiError` reads nothing from `body`:
   * `kind` defaults to what `status` alone says, and `code` and `detail` are what you pass.
   *
   * @param fields - the exchange
   * @param reason - why retrying stopped early, or what was wrong with a success body, and what to do
   */
  constructor(fields: ApiErrorFields, reason?: string) {
    const { status, statusText, code, detail } = fields;
    super(
      // A 2xx lands here only when its body is not what the spec promises.
      `${status < 300 ? "Unexpected response" : "Request failed"} with status ${status}${statusText ? ` ${statusText}` : ""}: ` +
        describe(fields.method, fields.url, fields.attempts) +
        (detail ? `: ${detail}` : "") +
        (code === undefined ? "" : ` (code ${code})`) +
        (reason ? `. ${reason}` : ""),
      { ...fields, kind: fields.kind ?? statusKind(status), code, detail },
    );
  }
}

// The rows of the vendor's table that depend on the status alone (errors/vendor.ts reads them
// too, after its rows that match a message or Meta's code).
const STATUS_KINDS: Record<number, ApiErrorKind> = {
  401: "unauthorized",
  403: "blocked",
  404: "not_found",
  429: "rate_limit",
  502: "unavailable",
  503: "unavailable",
  504: "unavailable",
  555: "restarting",
};

/** What an error status says on its own: `"server"` for other 5xx, `"client"` for the rest. */
export function statusKind(status: number): ApiErrorKind {
  return STATUS_KINDS[status] ?? (status >= 500 ? "server" : "client");
}

/**
 * The API said to slow down: a 429, or the 400 with `You have exceeded the endpoint rate limit.`
 * (or the legacy `… every N seconds`) that 360dialog really sends. It is retried like a 429 before
 * it is thrown; `retryAfter` says how long the server asked to wait.
 *
 * @example
 * ```ts
 * if (isRateLimitError(error)) await sleep(error.retryAfter ?? 10_000);
 * ```
 */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}

/**
 * Whether `error` is an {@link ApiError} (a {@link RateLimitError} included), also across realms
 * and duplicated installs.
 *
 * @example
 * ```ts
 * if (isApiError(error) && error.status === 429) await sleep(error.retryAfter ?? 1000);
 * ```
 */
export function isApiError(error: unknown): error is ApiError {
  return isD360Error(error) && (error.name === "ApiError" || error.name === "RateLimitError");
}

/**
 * Whether `error` is a {@link RateLimitError}, also across realms and duplicated installs.
 *
 * @example
 * ```ts
 * if (isRateLimitError(error)) console.warn(`slow down for ${error.retryAfter} ms`);
 * ```
 */
export function isRateLimitError(error: unknown): error is RateLimitError {
  return isD360Error(error) && error.name === "RateLimitError";
}
