import { OPERATIONS } from "../generated/operations.js";
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
  const o: RetryOptions =
    option === false
      ? { limit: 0 }
      : typeof option === "number"
        ? { limit: option }
        : (option ?? {});
  const statusCodes = new Set(o.statusCodes ?? [408, 429, 500, 502, 503, 504, 555]);
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
    retryNonIdempotent: o.retryNonIdempotent === true,
  };
}

/**
 * The longest wait `setTimeout` honours (2^31 - 1 ms, about 24.8 days): a larger delay fires at
 * once, so a long wait would silently become 1 ms.
 */
export const MAX_TIMER = 2 ** 31 - 1;

/** A non-negative integer option up to `max`, or a RangeError naming it. */
export function count(value: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (Number.isInteger(value) && value >= 0 && value <= max) return value;
  throw new RangeError(
    `createD360Client: ${name} must be an integer from 0 to ${max}, got ${value}`,
  );
}

// Safe methods (RFC 9110 §9.2.1) can always be repeated. Anything else only when the spec marks
// the operation idempotent: the `idempotent` flag of the generated OPERATIONS, which comes from
// the spec's `x-idempotent` extension. A spec change updates it; nothing here names an endpoint.
const IDEMPOTENT = Object.values(OPERATIONS)
  .filter((op) => op.idempotent)
  // `{param}` matches one path segment; a query or fragment may follow.
  .map((op) => {
    const literal = op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    return new RegExp(`^${op.method} ${literal.replace(/\{[^}]+\}/g, "[^/?#]+")}(?:[?#]|$)`);
  });

/**
 * Whether a request may be sent again: a safe method, an operation the spec marks idempotent,
 * or anything when the caller opted in with `retryNonIdempotent`.
 */
export function isRepeatable(
  method: string,
  url: string,
  baseUrl: string,
  policy: RetryPolicy,
): boolean {
  if (/^(?:GET|HEAD|OPTIONS)$/.test(method) || policy.retryNonIdempotent) return true;
  const target = `${method} ${url.startsWith(baseUrl) ? url.slice(baseUrl.length) : new URL(url).pathname}`;
  return IDEMPOTENT.some((op) => op.test(target));
}
