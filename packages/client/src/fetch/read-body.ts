import { readBounded } from "@d360-messaging/keys/internal/body";
import { BufferedResponse, cleanStatusText } from "./buffered-response.js";

/** The body was larger than `maxResponseSize`: thrown by {@link readBody}, turned into an ApiError. */
export class BodyTooLarge {
  constructor(
    readonly limit: number,
    readonly status: number,
  ) {}
}

// Below this a Content-Length is trusted for a single read (a lie is caught
// after it); above it the body is counted as it arrives.
const SMALL = 65_536;

/** A response whose body has been read into memory, and those bytes. */
export interface ReadResponse {
  response: Response;
  bytes: Uint8Array | undefined;
}

/**
 * Read the whole body of `response` into memory, at most `limit` bytes (0 = no limit), and
 * return an equivalent `Response` over those bytes. The body is read here, inside the attempt,
 * so that the attempt's timeout and `totalTimeout` cover it, a body cut off mid-stream is a
 * network failure that can be retried, and an endless body ends at the limit.
 *
 * @throws {BodyTooLarge} when the body (or its declared `Content-Length`) exceeds `limit`
 * @throws {TypeError} ("terminated") when fewer bytes arrive than `Content-Length` announced
 */
export async function readBody(response: Response, limit: number): Promise<ReadResponse> {
  const body = response.body;
  if (body === null) return { response, bytes: undefined };
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (limit && declared > limit) {
    body.cancel().catch(() => {});
    throw new BodyTooLarge(limit, response.status);
  }
  let bytes: Uint8Array<ArrayBuffer>;
  const identity = !declared || !response.headers.has("content-encoding");
  if (declared && identity && declared <= SMALL) {
    // A small declared length within the limit: one read (undici enforces the length and fails
    // the read with "terminated" when the connection closes early). Any fetch's stream may lie
    // about its length (a stub, a wrapper installed on globalThis): trusted only for small
    // bodies (checked below), counted chunk by chunk otherwise.
    bytes = new Uint8Array(await response.arrayBuffer());
  } else {
    // The shared bounded reader (keys/internal): the attempt's timer and the caller's abort
    // cancel the whole fetch around it, so it needs no signal of its own.
    const read = await readBounded(body, null, limit || Number.POSITIVE_INFINITY);
    if (read === undefined) throw new BodyTooLarge(limit, response.status);
    bytes = read as Uint8Array<ArrayBuffer>;
  }
  // A platform fetch reports a short body itself; a custom fetch's stream may just end. The
  // length is of the encoded body, so only comparable when nothing was decoded.
  if (bytes.byteLength !== declared && declared && identity) {
    throw new TypeError(`terminated: the body has ${bytes.byteLength} of ${declared} bytes`);
  }
  return { response: new BufferedResponse(bytes, response), bytes };
}

/**
 * For `parseAs: "stream"`: the response with its body passed through as it arrives, counted,
 * and failed with `tooLarge()` as soon as more than `limit` bytes (0 = no limit) flowed.
 *
 * @throws {BodyTooLarge} when the declared `Content-Length` exceeds `limit`
 */
export function countedBody(
  response: Response,
  limit: number,
  tooLarge: () => unknown,
): ReadResponse {
  const { body } = response;
  if (!limit || body === null) return { response, bytes: undefined };
  if (Number(response.headers.get("content-length") ?? 0) > limit) {
    body.cancel().catch(() => {});
    throw new BodyTooLarge(limit, response.status);
  }
  let seen = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return {
    response: new Response(counted, {
      status: response.status,
      statusText: cleanStatusText(response.statusText),
      headers: response.headers,
    }),
    bytes: undefined,
  };
}
