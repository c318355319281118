import { FlowTimeoutError } from "./errors.js";

// WhatsApp waits ten seconds for an endpoint (Meta, "Implementing Endpoint for Flows"); past
// that, a reply is useless, so the endpoint stops waiting and tells the work to stop.

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Runs `handle` against the deadline; rejects with FlowTimeoutError when it runs out. */
export async function withDeadline<T>(
  timeoutMs: number,
  run: (signal: AbortSignal) => T | Promise<T>,
): Promise<T> {
  // A controller per call, even without a deadline: a signal shared by all requests would keep
  // every abort listener a handler ever added to it.
  const controller = new AbortController();
  const started = Date.now();
  // Called at once (a synchronous throw rejects this promise): a handler that answers
  // synchronously has finished, and needs no timer and no race, which are most of what a
  // deadline costs per request.
  const result = run(controller.signal);
  if (!isThenable(result) || !(timeoutMs > 0 && Number.isFinite(timeoutMs))) return result;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    // Counted from the call, so that a long synchronous start eats into the deadline too.
    timer = setTimeout(
      () => {
        const error = new FlowTimeoutError(timeoutMs);
        controller.abort(error);
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
