/**
 * Resolves after `ms` milliseconds. An abort of `signal` ends the wait at once and rejects with
 * the signal's reason (the platform's `AbortError` unless the caller gave another), so that a
 * long wait never outlives the request or server it belongs to.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
