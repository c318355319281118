import { concatBytes } from "./bytes.js";

// Bodies are read once, as bytes, with a bound, so that a sender cannot make a reader hold more
// than it asked for: a Flows request is a few kilobytes and its signature is over the exact bytes
// received; a media file is at most 25 MiB (Meta, "Media upload components": max-file-size-kb at
// most 25600). Web streams only, so it runs wherever the packages do.

/** What stops a read before the body has ended. */
export interface ReadStop {
  /** Cancels the read, which rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Milliseconds the body may take (from the call); then the read is cancelled and rejects
   * with `timeoutError()`. A plain timer rather than an AbortSignal: this runs per request.
   */
  timeoutMs?: number;
  /** The rejection reason for `timeoutMs`. */
  timeoutError?: () => unknown;
}

/**
 * Reads at most `limit` bytes of a body; undefined when it is larger. When `stop.signal`
 * aborts or `stop.timeoutMs` passes first, the read is cancelled and the promise rejects.
 */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
  stop: ReadStop = {},
): Promise<Uint8Array | undefined> {
  const { signal, timeoutMs } = stop;
  if (declaredLength !== null && Number(declaredLength) > limit) {
    await body?.cancel().catch(() => {});
    return undefined;
  }
  if (body === null) return new Uint8Array(0);
  signal?.throwIfAborted();
  const reader = body.getReader();
  // A stop cancels the reader, which ends a pending read as "done" (Streams standard,
  // ReadableStreamCancel); the loop below then throws the reason. No race per read: this runs
  // for every request.
  let stopped: { reason: unknown } | undefined;
  const halt = (reason: unknown) => {
    if (stopped !== undefined) return;
    stopped = { reason };
    // A slow sender must not keep the reader waiting: stop reading at once.
    reader.cancel(reason).catch(() => {});
  };
  const onAbort = signal === undefined ? undefined : () => halt(signal.reason);
  if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => halt(stop.timeoutError?.()), Math.max(0, timeoutMs));
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      // A cancelled read ends as "done"; that is a stop, not the end of the body.
      if (stopped !== undefined) throw stopped.reason;
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        // The declared length may be absent (chunked) or wrong; stop reading, whatever it said.
        await reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
    return chunks.length === 1 ? (chunks[0] as Uint8Array) : concatBytes(chunks);
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    clearTimeout(timer);
  }
}
