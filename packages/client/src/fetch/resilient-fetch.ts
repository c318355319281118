import { redactedRequest } from "../errors/redacted-request.js";
import { settle } from "../failure/load.js";
import { Redirected } from "../failure/types.js";
import type { FetchLike, Hooks } from "../options.js";
import { isRepeatable, type RetryPolicy } from "../retry/policy.js";
import { CallState } from "./call-state.js";
import { type ReadResponse, readBody } from "./read-body.js";
import { setResponseMeta } from "./response-meta.js";

/** Everything the wrapper needs, resolved once per client. */
export interface ResilientFetchConfig {
  /** The user's fetch, or `undefined` for the platform's (looked up per call, so test doubles installed later apply). */
  fetch: FetchLike | undefined;
  policy: RetryPolicy;
  /** Per-attempt timeout in ms, body included; 0 = none. */
  timeout: number;
  /** Whole-call timeout in ms; 0 = none. */
  totalTimeout: number;
  /** Largest body read, in bytes; 0 = no limit. */
  maxResponseSize: number;
  /** Without trailing slash; locates the operation of a URL for the method policy. */
  baseUrl: string;
  /** Only to scrub it out of foreign error messages. */
  apiKey: string;
  hooks: Hooks | undefined;
}

/**
 * The one place retries, timeouts and response bounds happen: the `fetch` openapi-fetch calls,
 * so the typed `GET`/`POST` and the `encryption.*` methods behave alike. Each attempt gets the
 * request itself (its class, its properties, what middleware returned); a copy is kept only when
 * the request has a body and may be sent again. The body of each response is read inside the
 * attempt (see {@link readBody}).
 *
 * Resolves with the final `Response` whatever its status (openapi-fetch turns it into
 * `{ data, error }`). Rejects with a {@link TimeoutError}, a {@link NetworkError} (only for known
 * network failures), an `ApiError` for a redirect or an oversized body, the caller's abort
 * reason, or an error of the user's own code, untouched.
 */
export function createResilientFetch(
  config: ResilientFetchConfig,
): (input: Request, init?: RequestInit) => Promise<Response> {
  return (input, init) => call(config, input, init);
}

async function call(
  config: ResilientFetchConfig,
  request: Request,
  ext: RequestInit | undefined,
): Promise<Response> {
  const { policy, hooks } = config;
  const { method, url } = request;
  const caller = request.signal;
  if (caller.aborted) throw caller.reason;
  const state = new CallState(caller, config.totalTimeout);
  const repeatable = policy.limit > 0 && isRepeatable(method, url, config.baseUrl, policy);
  const fetch = (config.fetch ?? globalThis.fetch) as FetchLike;
  const redacted = () => redactedRequest(method, url, request.headers) as Request;
  caller.addEventListener("abort", state);
  try {
    let next = request;
    for (let attempt = 1; ; attempt++) {
      const sent = next;
      // A body can be read once: keep a copy only when another attempt may need it.
      if (sent.body && repeatable && attempt <= policy.limit) next = sent.clone();
      let read: ReadResponse | undefined;
      let thrown: { error: unknown } | undefined;
      try {
        read = await state.attempt(config.timeout, async (signal) => {
          const init =
            signal || sent.redirect !== "manual"
              ? { ...ext, signal, redirect: "manual" as const }
              : ext;
          const response = await fetch(sent, init);
          checkRedirect(response, url);
          state.reading = true;
          return readBody(response, config.maxResponseSize, !config.fetch);
        });
      } catch (error) {
        if (caller.aborted) throw caller.reason;
        thrown = { error };
      }
      const response = read?.response;
      if (response) {
        if (hooks?.afterResponse) {
          for (const hook of hooks.afterResponse) {
            await hook({ request: redacted(), attempt, response: response.clone() });
          }
        }
        // Not a status the policy retries, nor a 400 (the vendor's rate limit), nor a
        // Retry-After: final, without loading the failure handling.
        if (
          !policy.statusCodes.has(response.status) &&
          response.status !== 400 &&
          !response.headers.has("retry-after")
        ) {
          if (attempt > 1) setResponseMeta(response, { attempts: attempt });
          return response;
        }
      }
      // Everything else (failures, retries, their waits and hooks) is in failure/, loaded on demand.
      const final = await settle({
        config,
        state,
        method,
        url,
        attempt,
        repeatable,
        redacted,
        read,
        thrown,
      });
      if (final) return final;
    }
  } finally {
    caller.removeEventListener("abort", state);
  }
}

/**
 * Throw when `response` is a redirect: a 3xx with a `Location`, an opaque redirect (what a
 * browser's `redirect: "manual"` gives), or a response a custom fetch reached by following one.
 */
function checkRedirect(response: Response, url: string): void {
  const location = response.headers.get("location");
  if (
    response.type === "opaqueredirect" ||
    response.redirected ||
    (response.status >= 300 && response.status < 400 && location !== null)
  ) {
    response.body?.cancel().catch(() => {});
    throw new Redirected(response.status, response.redirected ? response.url : location, url);
  }
}
