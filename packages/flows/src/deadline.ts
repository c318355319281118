import { FlowTimeoutError } from "./errors.js";

// WhatsApp waits ten seconds for an endpoint (Meta, "Implementing Endpoint for Flows"); past
// that, a reply is useless, so the endpoint stops waiting and tells the work to stop.

/** Runs `handle` against the deadline; rejects with FlowTimeoutError when it runs out. */
export async function withDeadline<T>(
  timeoutMs: number,
  run: (signal: AbortSignal) => T | Promise<T>,
): Promise<T> {
  // A controller per call, even without a deadline: a signal shared by all requests would keep
  // every abort listener a handler ever added to it.
  const controller = new AbortController();
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) return run(controller.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new FlowTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => run(controller.signal)), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
