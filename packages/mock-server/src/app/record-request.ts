import type { MiddlewareHandler } from "hono";
import { API_KEY, recordRequest } from "../record.js";
import type { MockEnv, MockState } from "./env.js";

/**
 * First in the chain: every request is logged, whatever answers it; its status is filled in once
 * the answer is ready (it stays absent when the connection is dropped).
 */
export function recordRequests(state: MockState): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const apiKey = c.req.raw.headers.get(API_KEY);
    const channel = apiKey ? state.store.indexOf(apiKey) : undefined;
    const record = recordRequest(c.req.raw, new URL(c.req.url), channel);
    state.log.add(record);
    c.set("record", record);
    try {
      await next();
      record.status = c.res.status;
    } finally {
      // Also for a dropped connection (next() rethrows it), with `status` left absent.
      try {
        state.onRequest?.(record);
      } catch {
        // A log callback never changes the answer.
      }
    }
  };
}
