import { optionError } from "../check.js";
import { findOperation } from "../operation/route.js";
import type { RetryOptions } from "../options.js";

/** The retry options with every default filled in, checked once at construction. */
export interface RetryPolicy {
  limit: number;
  statusCodes: ReadonlySet<number>;
  maxRetryAfter: number;
  delay: number;
  backoffLimit: number;
  retryNonIdempotent: boolean;
}

/** Resolve the `retry` option; throws a `RangeError` naming the bad field. */
export function resolveRetry(option: number | false | RetryOptions | undefined): RetryPolicy {
  if (
    option !== undefined &&
    option !== false &&
    typeof option !== "number" &&
    (typeof option !== "object" || option === null || Array.isArray(option))
  ) {
    throw optionError("retry", "a number, false or an object", option);
  }
  const o: RetryOptions =
    option === false
      ? { limit: 0 }
      : typeof option === "number"
        ? { limit: option }
        : (option ?? {});
  const codes = o.statusCodes ?? [408, 429, 500, 502, 503, 504, 555];
  if (!Array.isArray(codes)) {
    throw optionError("retry.statusCodes", "an array of statuses", codes);
  }
  for (const status of codes) count(status, "retry.statusCodes[]", 599);
  const statusCodes = new Set(codes);
  // Repeating these cannot succeed.
  for (const status of [400, 401, 403, 404]) {
    if (statusCodes.has(status))
      throw new RangeError(`retry.statusCodes: ${status} is never retried`);
  }
  return {
    limit: count(o.limit ?? 2, "retry.limit"),
    statusCodes,
    maxRetryAfter: count(o.maxRetryAfter ?? 60_000, "retry.maxRetryAfter", MAX_TIMER),
    delay: count(o.delay ?? 300, "retry.delay", MAX_TIMER),
    backoffLimit: count(o.backoffLimit ?? 10_000, "retry.backoffLimit", MAX_TIMER),
    retryNonIdempotent: flag(o.retryNonIdempotent),
  };
}

/**
 * The longest wait `setTimeout` honours (2^31 - 1 ms, about 24.8 days): a larger delay fires at
 * once, so a long wait would silently become 1 ms.
 */
export const MAX_TIMER = 2 ** 31 - 1;

/**
 * A non-negative integer option up to `max`; a TypeError naming it when it is not a number (a
 * string `"200"` read from the environment), a RangeError when it is out of range.
 */
export function count(value: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number") {
    // A string from the environment would otherwise turn a limit off: convert it first.
    throw optionError(name, "a number (convert a string with Number())", value);
  }
  if (Number.isInteger(value) && value >= 0 && value <= max) return value;
  throw new RangeError(
    `createD360Client: ${name} must be an integer from 0 to ${max}, got ${value}`,
  );
}

// Safe methods (RFC 9110 §9.2.1) can always be repeated. Anything else only when the spec marks
// the operation idempotent: the `idempotent` flag of the generated OPERATIONS, which comes from
// the spec's `x-idempotent` extension. A spec change updates it; nothing here names an endpoint.

/**
 * Whether a request may be sent again: a safe method, an operation the spec marks idempotent,
 * or anything when the caller opted in with `retryNonIdempotent`.
 *
 * @param path - the request URL's path below `baseUrl`'s, still percent-encoded
 */
export function isRepeatable(method: string, path: string, policy: RetryPolicy): boolean {
  if (/^(?:GET|HEAD|OPTIONS)$/.test(method) || policy.retryNonIdempotent) return true;
  return findOperation(method, path)?.idempotent === true;
}

function flag(value: unknown): boolean {
  if (value === undefined || typeof value === "boolean") return value === true;
  throw optionError("retry.retryNonIdempotent", "true or false", value);
}
