import { sleep } from "@d360-messaging/keys/internal/sleep";
import { createApiError } from "../errors/ApiError.js";
import type { D360Error } from "../errors/D360Error.js";
import { NetworkError } from "../errors/NetworkError.js";
import { redactedRequest, scrubCause } from "../errors/redact.js";
import { TimeoutError } from "../errors/TimeoutError.js";
import { rateLimitWait } from "../errors/vendor.js";
import type { FetchLike, Hooks } from "../options.js";
import { decide } from "../retry/decide.js";
import { isRepeatable, type RetryPolicy } from "../retry/policy.js";
import { parseRetryAfter } from "../retry/retry-after.js";
import { CallState } from "./call-state.js";
import { networkFailure } from "./network-failure.js";
import { BodyTooLarge, type ReadResponse, readBody } from "./read-body.js";
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

/** A redirect answered an attempt; thrown inside the attempt, turned into an `ApiError`. */
class Redirected {
  constructor(
    readonly status: number,
    readonly target: string,
  ) {}
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
      let failure: D360Error | undefined;
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
        const fields = { method, url, attempts: attempt, request: redacted() };
        if (error instanceof Redirected || error instanceof BodyTooLarge) {
          throw createApiError(
            {
              ...fields,
              status: error.status,
              statusText: "",
              body: undefined,
              kind: error instanceof Redirected ? "redirect" : "too_large",
            },
            error instanceof Redirected
              ? `Redirected to ${error.target}, not followed (it would get D360-API-KEY). Check baseUrl`
              : `The body exceeds maxResponseSize (${error.limit} bytes)`,
          );
        }
        if (state.fired) {
          failure = new TimeoutError({
            ...fields,
            timeout: state.fired > 1 ? config.totalTimeout : config.timeout,
            kind: state.fired > 1 ? "total" : "attempt",
          });
        } else {
          const code = networkFailure(error);
          if (!code) throw error;
          failure = new NetworkError(
            { ...fields, code: state.reading ? "body_truncated" : code },
            scrubCause(error, config.apiKey),
          );
        }
      }
      const response = read?.response;
      if (response && hooks?.afterResponse) {
        for (const hook of hooks.afterResponse) {
          await hook({ request: redacted(), attempt, response: response.clone() });
        }
      }
      let transient = state.fired < 2;
      let rateLimited = false;
      let retryAfter: number | undefined;
      if (response) {
        // The vendor signals its rate limit with a 400 (see errors/vendor.ts): retried like a
        // 429, waiting the interval its message names.
        const wait = response.status === 400 ? rateLimitWait(400, parse(read?.bytes)) : undefined;
        rateLimited = response.status === 429 || wait !== undefined;
        transient = policy.statusCodes.has(response.status) || wait !== undefined;
        retryAfter = wait || parseRetryAfter(response.headers.get("retry-after"));
      }
      const decision = decide(policy, {
        attempt,
        repeatable,
        transient,
        rateLimited,
        retryAfter,
        deadline: state.deadline,
      });
      if (!decision.retry) {
        if (!response) throw failure;
        if (attempt > 1 || decision.reason || retryAfter !== undefined) {
          setResponseMeta(response, { attempts: attempt, retryAfter, reason: decision.reason });
        }
        return response;
      }
      if (hooks?.beforeRetry) {
        for (const hook of hooks.beforeRetry) {
          await hook({
            request: redacted(),
            attempt,
            retryCount: attempt,
            delay: decision.delay,
            error: failure,
            response: response?.clone(),
          });
        }
      }
      await sleep(decision.delay, caller);
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
    let target = "an origin the platform does not show (opaque redirect)";
    try {
      const to = response.redirected ? response.url : location;
      if (to) target = new URL(to, url).origin;
    } catch {
      target = "an unreadable Location";
    }
    throw new Redirected(response.status, target);
  }
}

/** The body as JSON, else as text (for the vendor's signatures). */
function parse(bytes: Uint8Array | undefined): unknown {
  const text = bytes ? new TextDecoder().decode(bytes) : "";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
