import { SPEC_VERSION } from "@d360-messaging/types";
import { CLIENT_VERSION } from "./generated/operations.js";

/**
 * What the client calls itself in every request: its version and the version of the spec it
 * was generated from, so that 360dialog (and your proxy logs) can tell which client sent what.
 *
 * @example
 * ```ts
 * USER_AGENT; // "@d360-messaging/client/0.1.0 (spec 1.41.0)"
 * ```
 */
export const USER_AGENT = `@d360-messaging/client/${CLIENT_VERSION} (spec ${SPEC_VERSION})`;

/**
 * The header that carries {@link USER_AGENT}: `User-Agent` on servers (Node, Deno, Bun,
 * Workers); `X-Client` in a browser page, where `User-Agent` is dropped by the browser. An API
 * key should not be used from a browser at all (anyone can read it there), so the browser case
 * only matters for local tools.
 */
export function userAgentHeader(): string {
  return typeof document === "undefined" ? "User-Agent" : "X-Client";
}
