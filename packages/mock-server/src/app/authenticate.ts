import type { Context } from "hono";
import { errorResponse } from "../errors.js";
import { API_KEY } from "../record.js";
import { VENDOR_MESSAGES } from "../vendor.js";
import type { MockEnv, MockState } from "./env.js";

/**
 * In front of every API operation: 401 for a missing or unknown `D360-API-KEY` (the key is
 * never echoed), then the per-key rate limit. Returns the refusal, or `undefined` with
 * `c.var.apiKey` set for the route.
 */
export function authenticate(state: MockState, c: Context<MockEnv>): Response | undefined {
  const apiKey = c.req.raw.headers.get(API_KEY);
  if (!apiKey) return errorResponse(401, "Missing API key: send it in the D360-API-KEY header");
  // The vendor's text for a wrong key ("Error Code Reference", 401).
  if (!state.store.has(apiKey)) return errorResponse(401, VENDOR_MESSAGES.invalidApiKey);
  const refused = state.limiter?.hit(apiKey);
  if (refused) return refused;
  c.set("apiKey", apiKey);
  return undefined;
}
