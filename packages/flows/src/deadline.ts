import { FlowTimeoutError } from "./errors.js";

// WhatsApp waits ten seconds for an endpoint (Meta, "Implementing Endpoint for Flows"); past
// that, a reply is useless, so the endpoint stops waiting and tells the work to stop. The
// deadline is counted from the request's arrival: the body must arrive within it, and the
// handler answer within what is left.

/** Whether a timeoutMs value sets a deadline at all (0 and Infinity do not). */
export function hasDeadline(timeoutMs: number): boolean {
  return timeoutMs > 0 && Number.isFinite(timeoutMs);
}

/** Whether `value` has a callable `then`: a promise, or anything awaiting it would adopt. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Runs `run` against the deadline `timeoutMs` after `started`; rejects with FlowTimeoutError when
 * it runs out. `run` gets the signal lazily: an AbortController costs a few µs (Node makes every
 * AbortSignal transferable), and a handler that never reads `context.signal` needs none.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  run: (signal: () => AbortSignal) => T | Promise<T>,
  started: number = Date.now(),
): Promise<T> {
  // A controller per call, made on first use: a signal shared by all requests would keep every
  // abort listener a handler ever added to it.
  let controller: AbortController | undefined;
  const signal = () => {
    controller ??= new AbortController();
    return controller.signal;
  };
  // Called at once (a synchronous throw rejects this promise): a handler that answers
  // synchronously has finished, and needs no timer and no race, which are most of what a
  // deadline costs per request.
  const result = run(signal);
  if (!isThenable(result) || !hasDeadline(timeoutMs)) return result;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    // Counted from `started`, so that a long synchronous start eats into the deadline too.
    timer = setTimeout(
      () => {
        const error = new FlowTimeoutError(timeoutMs);
        // Made now if the handler has not asked for it yet: it may still do so.
        signal();
        controller?.abort(error);
        reject(error);
      },
      Math.max(0, timeoutMs - (Date.now() - started)),
    );
  });
  try {
    return await Promise.race([result, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
