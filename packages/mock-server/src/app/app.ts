import { Hono } from "hono";
import type { SpecDocument } from "../spec/document.js";
import type { MockEnv, MockState } from "./env.js";
import { injectFaults } from "./inject-faults.js";
import { readBody, refuseUnreadBody } from "./read-body.js";
import { recordRequests } from "./record-request.js";
import { registerCdnRoutes } from "./routes/cdn.js";
import { ENCRYPTION_OPERATION_IDS, registerEncryptionRoutes } from "./routes/encryption.js";
import { notFound, rethrow } from "./routes/fallbacks.js";
import { registerSpecRoutes } from "./routes/from-spec.js";

/**
 * The mock API as a Hono app. Every request passes, in order:
 *
 * 1. `recordRequests`: into the request log (status filled in at the end);
 * 2. `readBody`: the body, bounded by `maxBodyBytes` (Hono's `bodyLimit`), into the record;
 * 3. `injectFaults`: a queued fault answers, delays or drops here;
 * 4. `refuseUnreadBody`: 413 for an oversized body, 400 for one that could not be read;
 * 5. the routes: each API operation behind `authenticate` (401, then the rate limit);
 *    the media CDN (`routes/cdn.ts`, no API key); a known path with another method is 405; any
 *    other path 404. The Encryption operations are hand-written; every other operation of
 *    `spec` is answered from the spec (`routes/from-spec.ts`).
 *
 * To serve another operation, register it in a `routes/<tag>.ts` next to `encryption.ts`
 * (`app.on(method, path, authenticate(state), handler)`) and call it below, before the
 * fallbacks; routes registered earlier win.
 */
export function createMockApp(state: MockState, spec: SpecDocument): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  app.use(recordRequests(state), readBody(state), injectFaults(state), refuseUnreadBody(state));
  registerEncryptionRoutes(app, state);
  registerCdnRoutes(app, state.cdn);
  registerSpecRoutes(app, state, spec, ENCRYPTION_OPERATION_IDS);
  app.notFound(notFound);
  app.onError(rethrow);
  return app;
}
