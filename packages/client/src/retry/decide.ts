import { backoffDelay, rateLimitDelay } from "./backoff.js";
import type { RetryPolicy } from "./policy.js";

/** What happened to one attempt, as far as the retry decision cares. */
export interface Outcome {
  /** The attempt that just ended, 1 for the first. */
  attempt: number;
  /** Whether the request may be sent again at all (method, spec, `retryNonIdempotent`). */
  repeatable: boolean;
  /** Whether the outcome is of a retryable kind: a retryable status, a rate limit, a network failure, an attempt timeout. */
  transient: boolean;
  /** Whether the server said to slow down (a 429, or the vendor's 400 rate limit). */
  rateLimited: boolean;
  /** Milliseconds the server asked to wait, if it said. */
  retryAfter?: number | undefined;
  /** Epoch ms at which `totalTimeout` runs out; 0 = none. */
  deadline: number;
}

/** Retry after `delay` ms, or stop; `reason` says why stopping came early ("" when it did not). */
export type Decision = { retry: true; delay: number } | { retry: false; reason: string };

/** The retry decision: a small table of reasons to stop, then the wait. */
export function decide(policy: RetryPolicy, outcome: Outcome, now = Date.now()): Decision {
  const { attempt, retryAfter, deadline } = outcome;
  if (!outcome.transient || attempt > policy.limit) return { retry: false, reason: "" };
  if (!outcome.repeatable) {
    return {
      retry: false,
      reason: "Not retried: the operation is not idempotent (see retry.retryNonIdempotent)",
    };
  }
  if (retryAfter !== undefined && retryAfter > policy.maxRetryAfter) {
    return {
      retry: false,
      reason: `Not retried: the server asked to wait longer than retry.maxRetryAfter (${policy.maxRetryAfter} ms)`,
    };
  }
  const delay =
    retryAfter ??
    (outcome.rateLimited ? rateLimitDelay : backoffDelay)(
      attempt,
      policy.delay,
      policy.backoffLimit,
    );
  // Sleeping past the deadline would only end in a timeout: stop now with what we have.
  if (deadline && now + delay >= deadline) {
    return { retry: false, reason: "Not retried: totalTimeout would run out" };
  }
  return { retry: true, delay };
}
