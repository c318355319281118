import { D360Error, describe, isNamed } from "./D360Error.js";

/** What a {@link TimeoutError} carries. */
export interface TimeoutErrorFields {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** The limit that ran out, in milliseconds. */
  readonly timeout: number;
  /** Which limit ran out: `"attempt"` (the `timeout` option) or `"total"` (`totalTimeout`). */
  readonly kind: "attempt" | "total";
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request?: Request | undefined;
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
export class TimeoutError extends D360Error implements TimeoutErrorFields {
  override name = "TimeoutError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
  declare readonly timeout: number;
  declare readonly kind: "attempt" | "total";
  declare readonly request?: Request | undefined;

  /** @param fields - see {@link TimeoutErrorFields} */
  constructor(fields: TimeoutErrorFields) {
    super(
      `Request timed out after ${fields.timeout} ms (${fields.kind === "total" ? "totalTimeout" : "timeout"} option): ` +
        `${describe(fields.method, fields.url, fields.attempts)}. Raise it, or check the server`,
      fields,
    );
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
