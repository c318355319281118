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

/** Statuses that repeating cannot fix; refused in `statusCodes`. */
const NEVER_RETRIED = [400, 401, 403, 404];
const DEFAULT_STATUS_CODES = [408, 429, 500, 502, 503, 504, 555];

/** Resolve the `retry` option; throws a `RangeError` naming the bad field. */
export function resolveRetry(option: number | false | RetryOptions | undefined): RetryPolicy {
  const o: RetryOptions =
    option === false
      ? { limit: 0 }
      : typeof option === "number"
        ? { limit: option }
        : (option ?? {});
  const policy: RetryPolicy = {
    limit: count(o.limit ?? 2, "retry.limit"),
    statusCodes: new Set(o.statusCodes ?? DEFAULT_STATUS_CODES),
    maxRetryAfter: count(o.maxRetryAfter ?? 60_000, "retry.maxRetryAfter"),
    delay: count(o.delay ?? 300, "retry.delay"),
    backoffLimit: count(o.backoffLimit ?? 10_000, "retry.backoffLimit"),
    retryNonIdempotent: o.retryNonIdempotent === true,
  };
  for (const status of policy.statusCodes) {
    if (NEVER_RETRIED.includes(status) || !(status >= 100 && status <= 599)) {
      throw new RangeError(
        `retry.statusCodes cannot contain ${status}: ${NEVER_RETRIED.join(", ")} are never retried and a status must be 100-599`,
      );
    }
  }
  return policy;
}

/** A non-negative integer option, or a RangeError naming it. */
export function count(value: number, name: string): number {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
  return value;
}

// Safe methods (RFC 9110 §9.2.1) can always be repeated. Everything else is retried only when
// the spec marks the operation idempotent: the `idempotent` flag of the generated OPERATIONS,
// which comes from the spec's `x-idempotent` extension. A spec change updates it; nothing here
// names an endpoint.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const IDEMPOTENT: { method: string; path: RegExp }[] = Object.values(OPERATIONS)
  .filter((op) => op.idempotent)
  .map((op) => ({
    method: op.method,
    // `{param}` matches one path segment.
    path: new RegExp(
      `^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`,
    ),
  }));

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
  if (SAFE_METHODS.has(method) || policy.retryNonIdempotent) return true;
  const path = pathOf(url, baseUrl);
  return IDEMPOTENT.some((op) => op.method === method && op.path.test(path));
}

/** The operation path of `url`: without the base URL's path prefix, query and fragment. */
function pathOf(url: string, baseUrl: string): string {
  let rest = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : new URL(url).pathname;
  const end = rest.search(/[?#]/);
  if (end !== -1) rest = rest.slice(0, end);
  return rest;
}
