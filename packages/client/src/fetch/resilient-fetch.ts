import { redactedRequest } from "../errors/redacted-request.js";
import { settle } from "../failure/load.js";
import { Redirected } from "../failure/types.js";
import type { FetchLike, Hooks } from "../options.js";
import { isRepeatable, type RetryPolicy } from "../retry/policy.js";
import { CallState } from "./call-state.js";
import { LightRequest } from "./light-request.js";
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

// The platform's fetch as this module found it: it honours abort signals (body reads included)
// and its Content-Length is checked. A fetch installed later (a test double) is treated like a
// custom one.
const PLATFORM_FETCH = globalThis.fetch;

/**
 * The one place retries, timeouts and response bounds happen: the `fetch` openapi-fetch calls,
 * so the typed `GET`/`POST` and the `encryption.*` methods behave alike. Each attempt gets the
 * request itself (its class, its properties, what middleware returned), or, for a
 * {@link LightRequest}, the platform's fetch gets its URL and init; a copy is kept only when a
 * real request has a body and may be sent again. The body of each response is read inside the
 * attempt (see {@link readBody}).
 *
 * Resolves with the final `Response` whatever its status (openapi-fetch turns it into
 * `{ data, error }`). Rejects with a {@link TimeoutError}, a {@link NetworkError} (only for known
 * network failures), an `ApiError` for a redirect or an oversized body, the caller's abort
 * reason, or an error of the user's own code, untouched.
 */
export function createResilientFetch(
  config: ResilientFetchConfig,
): (input: Request | LightRequest, init?: RequestInit) => Promise<Response> {
  return (input, init) => call(config, input, init);
}

async function call(
  config: ResilientFetchConfig,
  input: Request | LightRequest,
  ext: RequestInit | undefined,
): Promise<Response> {
  const { policy, hooks } = config;
  const fetch = (config.fetch ?? globalThis.fetch) as FetchLike;
  const platform = fetch === PLATFORM_FETCH;
  // The URL and init go to the platform's fetch as they are (see LightRequest); anything else
  // that may see the request (a fetch installed after this module loaded) gets a real one.
  const light = input instanceof LightRequest && platform && input.resendable ? input : undefined;
  const request = input instanceof LightRequest ? (light ?? input.toRequest()) : input;
  const { method, url } = request;
  const caller = request.signal;
  if (caller?.aborted) throw caller.reason;
  const state = new CallState(caller, config.totalTimeout);
  // Whether the request may be sent again; worked out when first needed (a success never asks).
  let repeatable: boolean | undefined;
  const mayRepeat = () =>
    (repeatable ??= policy.limit > 0 && isRepeatable(method, url, config.baseUrl, policy));
  const redacted = () => redactedRequest(method, url, request.headers) as Request;
  caller?.addEventListener("abort", state);
  try {
    let next = request;
    for (let attempt = 1; ; attempt++) {
      const sent = next;
      // A body can be read once: keep a copy only when another attempt may need it (a light
      // request's body is not a stream, so it can be given to fetch again).
      if (!light && sent.body && attempt <= policy.limit && mayRepeat()) {
        next = (sent as Request).clone();
      }
      let read: ReadResponse | undefined;
      let thrown: { error: unknown } | undefined;
      try {
        read = await state.attempt(config.timeout, platform, async (signal) => {
          let response: Response;
          if (light) {
            response = await (fetch as typeof globalThis.fetch)(light.url, {
              ...light.init,
              ...ext,
              signal: signal ?? light.signal,
              redirect: "manual",
            });
          } else {
            const init =
              signal || sent.redirect !== "manual"
                ? { ...ext, signal, redirect: "manual" as const }
                : ext;
            response = await fetch(sent as Request, init);
          }
          checkRedirect(response, url);
          state.reading = true;
          return readBody(response, config.maxResponseSize, platform);
        });
      } catch (error) {
        if (caller?.aborted) throw caller.reason;
        thrown = { error };
      }
      const response = read?.response;
      if (response) {
        if (hooks?.afterResponse) {
          for (const hook of hooks.afterResponse) {
            await hook({ request: redacted(), attempt, response: response.clone() });
          }
        }
        // A success, or neither a status the policy retries, nor a 400 (the vendor's rate
        // limit), nor a Retry-After: final, without loading the failure handling.
        if (
          response.status < 300 ||
          (!policy.statusCodes.has(response.status) &&
            response.status !== 400 &&
            !response.headers.has("retry-after"))
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
        repeatable: mayRepeat(),
        redacted,
        read,
        thrown,
      });
      if (final) return final;
    }
  } finally {
    caller?.removeEventListener("abort", state);
  }
}

/**
 * Throw when `response` is a redirect: a 3xx with a `Location`, an opaque redirect (what a
 * browser's `redirect: "manual"` gives), or a response a custom fetch reached by following one.
 */
function checkRedirect(response: Response, url: string): void {
  const { status } = response;
  const location = status >= 300 && status < 400 ? response.headers.get("location") : null;
  if (location !== null || response.type === "opaqueredirect" || response.redirected) {
    response.body?.cancel().catch(() => {});
    throw new Redirected(response.status, response.redirected ? response.url : location, url);
  }
}
