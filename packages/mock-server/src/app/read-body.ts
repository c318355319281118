import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse } from "../errors.js";
import type { MockEnv, MockState } from "./env.js";

class BodyTooLarge extends Error {}

/**
 * Read the body once, never more than `maxBodyBytes` of it (Hono's `bodyLimit`: a declared
 * `Content-Length` over the limit is refused unread, a stream is cut at the limit), and keep it
 * in the record. The verdict waits in `c.var.body` so that a queued fault still answers an
 * oversized request, as a proxy in front of the API would; {@link refuseUnreadBody} acts on it.
 */
export function readBody(state: MockState): MiddlewareHandler<MockEnv> {
  const limit = bodyLimit({
    maxSize: state.maxBodyBytes,
    onError: () => {
      throw new BodyTooLarge();
    },
  });
  return async (c, next) => {
    try {
      await limit(c, async () => {});
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      // bodyLimit trusts a declared Content-Length; an in-process Request can declare less
      // than it carries.
      if (bytes.byteLength > state.maxBodyBytes) throw new BodyTooLarge();
      c.var.record.body = new TextDecoder().decode(bytes);
      c.set("body", "read");
    } catch (error) {
      // A body stream that errors (the client went away mid-upload) is answered 400.
      c.set("body", error instanceof BodyTooLarge ? "too-large" : "unreadable");
      await c.req.raw.body?.cancel().catch(() => {});
    }
    await next();
  };
}

/** 413 for a body over the limit, 400 for one that could not be read. */
export function refuseUnreadBody(state: MockState): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const body = c.get("body");
    if (body === "too-large") {
      return errorResponse(413, `Request body too large: the limit is ${state.maxBodyBytes} bytes`);
    }
    if (body === "unreadable") return errorResponse(400, "Could not read the request body");
    await next();
  };
}
