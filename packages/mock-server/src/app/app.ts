import { Hono } from "hono";
import type { SpecDocument } from "../spec/document.js";
import { normalizeSpec } from "../spec/normalize.js";
import { authenticate } from "./authenticate.js";
import type { MockEnv, MockState } from "./env.js";
import { injectFaults } from "./inject-faults.js";
import { readBody, refuseUnreadBody } from "./read-body.js";
import { recordRequests } from "./record-request.js";
import { cdnRoutes } from "./routes/cdn.js";
import { methodNotAllowed, notFound, rethrow } from "./routes/fallbacks.js";
import { specRoutes } from "./routes/from-spec.js";
import { HAND_WRITTEN } from "./routes/hand-written.js";
import { RouteTable } from "./routes/table.js";

/**
 * The mock API as a Hono app. Every request passes, in order:
 *
 * 1. `recordRequests`: into the request log (status filled in at the end);
 * 2. `readBody`: the body, bounded by `maxBodyBytes` (Hono's `bodyLimit`), into the record;
 * 3. `injectFaults`: a queued fault answers, delays or drops here;
 * 4. `refuseUnreadBody`: 413 for an oversized body, 400 for one that could not be read;
 * 5. the route: one {@link RouteTable} of every route, matched the way OpenAPI matches paths
 *    (literal before templated); each API operation behind `authenticate` (401, then the rate
 *    limit). The hand-written tags (`routes/hand-written.ts`, one file per tag) come first, then
 *    the media CDN (`routes/cdn.ts`, no API key), then every other operation of `spec`, answered
 *    from the spec (`routes/from-spec.ts`). A path served with other methods only is 405; any
 *    other path 404.
 */
export function createMockApp(state: MockState, spec: SpecDocument): Hono<MockEnv> {
  const document = normalizeSpec(spec);
  const handWritten = HAND_WRITTEN.flatMap((tag) => tag.routes(state, document));
  const table = new RouteTable([
    ...handWritten,
    ...cdnRoutes(state.cdn),
    ...specRoutes(document, handWritten),
  ]);
  const app = new Hono<MockEnv>();
  app.use(recordRequests(state), readBody(state), injectFaults(state), refuseUnreadBody(state));
  app.all("*", async (c) => {
    const method = c.req.raw.method.toUpperCase();
    // Hono answers HEAD as GET without the body.
    const found = table.match(method === "HEAD" ? "GET" : method, new URL(c.req.url).pathname);
    if (found === undefined) return notFound(c);
    if ("allow" in found) return methodNotAllowed(c, found.allow);
    if (found.route.authenticated) {
      const refused = authenticate(state, c);
      if (refused) return refused;
    }
    return found.route.handle(c, found.params);
  });
  app.onError(rethrow);
  return app;
}
