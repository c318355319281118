import { D360Error, isNamed } from "./D360Error.js";

/** What a {@link TimeoutError} knows. */
export interface TimeoutErrorInit {
  /** Upper-case HTTP method. */
  method: string;
  /** The request URL. */
  url: string;
  /** Requests made, the first included. */
  attempts: number;
  /** The limit that ran out, in milliseconds. */
  timeout: number;
  /** `"attempt"` for the `timeout` option, `"total"` for `totalTimeout`. */
  kind: "attempt" | "total";
  /** The request, with the API key header replaced by `[REDACTED]`. */
  request?: Request;
}

/**
 * No response arrived in time: the last attempt exceeded `timeout`, or all attempts together
 * exceeded `totalTimeout`. A caller's own `AbortSignal` never produces this error: an abort
 * surfaces as the platform's `AbortError`.
 *
 * @example
 * ```ts
 * try {
 *   await client.encryption.getBusinessPublicKey();
 * } catch (error) {
 *   if (isTimeoutError(error)) console.error(`No answer within ${error.timeout} ms`);
 *   else throw error;
 * }
 * ```
 */
export class TimeoutError extends D360Error {
  override name = "TimeoutError";
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** The limit that ran out, in milliseconds. */
  readonly timeout: number;
  /** Which limit ran out: `"attempt"` (`timeout` option) or `"total"` (`totalTimeout` option). */
  readonly kind: "attempt" | "total";
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request: Request | undefined;

  /** @param init - see {@link TimeoutErrorInit} */
  constructor(init: TimeoutErrorInit) {
    const { method, url, attempts, timeout, kind } = init;
    super(
      `Request timed out: no response within ${timeout} ms` +
        (kind === "total" ? " in total (totalTimeout option)" : " (timeout option)") +
        `: ${method} ${url} (after ${attempts} attempt${attempts === 1 ? "" : "s"}). ` +
        "Raise the limit, or check that baseUrl is reachable",
    );
    this.method = method;
    this.url = url;
    this.attempts = attempts;
    this.timeout = timeout;
    this.kind = kind;
    this.request = init.request;
  }

  override toJSON(): Record<string, unknown> {
    const { name, message, method, url, attempts, timeout, kind } = this;
    return { name, message, method, url, attempts, timeout, kind };
  }
}

/**
 * Whether `error` is this client's {@link TimeoutError}, also across realms. A platform
 * `DOMException` named `"TimeoutError"` (from `AbortSignal.timeout`) does not match.
 *
 * @example
 * ```ts
 * if (isTimeoutError(error)) retryLater();
 * ```
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return isNamed(error, "TimeoutError");
}
