import { sleep } from "@d360-messaging/keys/internal";
import type { MiddlewareHandler } from "hono";
import { ConnectionDroppedError } from "../errors.js";
import { answersItself, faultResponse } from "../faults.js";
import type { MockEnv, MockState } from "./env.js";

/**
 * A queued fault answers ahead of everything but the record and the body read (even ahead of
 * authentication, as a proxy in front of the API would); a delay-only fault then lets the
 * request through.
 */
export function injectFaults(state: MockState): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const fault = state.faults.take(c.req.method, new URL(c.req.url).pathname);
    if (fault) {
      c.var.record.fault = true;
      // Cut short when the request is aborted (in process: the caller's signal; over HTTP: the
      // adapter aborts it when the connection closes), so a long injected delay never keeps a
      // closed server's process alive.
      if (fault.delayMs) await sleep(fault.delayMs, c.req.raw.signal);
      if (fault.drop) throw new ConnectionDroppedError();
      if (answersItself(fault)) return faultResponse(fault);
    }
    await next();
  };
}
