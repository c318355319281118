// Bodies are read once, as bytes, with a bound: a Flows request is a few kilobytes and its
// signature is over the exact bytes received; a media file is at most 25 MiB (Meta, "Media
// upload components": max-file-size-kb at most 25600). Shared by the endpoint and downloadFlowMedia.

/**
 * Reads at most `limit` bytes of a body; undefined when it is larger. When `signal` aborts
 * first, the read is cancelled and the promise rejects with the signal's reason.
 */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  if (declaredLength !== null && Number(declaredLength) > limit) {
    await body?.cancel().catch(() => {});
    return undefined;
  }
  if (body === null) return new Uint8Array(0);
  signal?.throwIfAborted();
  const reader = body.getReader();
  let onAbort: (() => void) | undefined;
  const aborted =
    signal === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          onAbort = () => {
            reject(signal.reason);
            // A slow sender must not keep the endpoint waiting: stop reading at once.
            reader.cancel(signal.reason).catch(() => {});
          };
          signal.addEventListener("abort", onAbort, { once: true });
        });
  // The race's loser must not become an unhandled rejection.
  aborted?.catch(() => {});
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await (aborted === undefined
        ? reader.read()
        : Promise.race([reader.read(), aborted]));
      // A cancelled read ends as "done"; that is an abort, not the end of the body.
      signal?.throwIfAborted();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        // The declared length may be absent (chunked) or wrong; stop reading, whatever it said.
        await reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
  }
}
