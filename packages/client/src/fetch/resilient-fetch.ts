import { NetworkError } from "../errors/NetworkError.js";
import { redactedRequest, scrubCause } from "../errors/redact.js";
import { TimeoutError } from "../errors/TimeoutError.js";
import type { FetchLike } from "../options.js";
import { backoffDelay } from "../retry/backoff.js";
import { isRepeatable, type RetryPolicy } from "../retry/policy.js";
import { parseRetryAfter } from "../retry/retry-after.js";
import { CallState } from "./call-state.js";
import { LightRequest } from "./light-request.js";
import { isNetworkFailure } from "./network-failure.js";
import { keepBody, STATE, type StatefulRequest } from "./request-factory.js";
import { setResponseMeta } from "./response-meta.js";
import { sleep } from "./sleep.js";

/** Everything the wrapper needs, resolved once per client. */
export interface ResilientFetchConfig {
  /** The user's fetch, or `undefined` for the platform's (looked up per call, so test doubles installed later apply). */
  fetch: FetchLike | undefined;
  policy: RetryPolicy;
  /** Per-attempt timeout in ms; 0 = none. */
  timeout: number;
  /** Whole-call timeout in ms; 0 = none. */
  totalTimeout: number;
  /** Without trailing slash; used to find the operation of a URL for the method policy. */
  baseUrl: string;
  /** Only to scrub it out of foreign error messages. */
  apiKey: string;
}

/**
 * The one place retries and timeouts happen: the `fetch` openapi-fetch calls, so the typed
 * `GET`/`POST` and the `encryption.*` methods behave alike. It resolves with the final
 * `Response` whatever its status (openapi-fetch turns it into `{ data, error }`), and rejects
 * with {@link TimeoutError}, {@link NetworkError}, the caller's abort reason, or an error of the
 * user's own code, untouched.
 */
export function createResilientFetch(
  config: ResilientFetchConfig,
): (input: Request | LightRequest) => Promise<Response> {
  return (input) => call(config, input);
}

async function call(
  config: ResilientFetchConfig,
  input: Request | LightRequest,
): Promise<Response> {
  const { policy, timeout } = config;
  let state: CallState;
  let foreign = false;
  if (input instanceof LightRequest) {
    state = new CallState(input.init.signal ?? undefined);
    keepBody(state, input.init.body);
  } else {
    const own = (input as StatefulRequest)[STATE];
    if (own !== undefined) {
      state = own;
    } else {
      // A request the factory did not build (middleware made it): copy it for every attempt,
      // with the body read once so that each copy carries it intact.
      foreign = true;
      state = new CallState(input.signal);
      if (input.body !== null) state.body = await input.arrayBuffer();
    }
  }
  const caller = state.caller;
  if (caller?.aborted) throw caller.reason;
  if (config.totalTimeout !== 0) state.deadline = Date.now() + config.totalTimeout;
  caller?.addEventListener("abort", state);
  try {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await send(config, state, input, foreign, attempt);
      } catch (error) {
        state.disarm();
        if (caller?.aborted) throw caller.reason;
        const fired = state.fired;
        state.fired = 0;
        if (fired === 0 && !isNetworkFailure(error)) throw error;
        const failure =
          fired === 0
            ? new NetworkError({
                ...where(input, attempt),
                cause: scrubCause(error, config.apiKey),
              })
            : new TimeoutError({
                ...where(input, attempt),
                timeout: fired === 2 ? config.totalTimeout : timeout,
                kind: fired === 2 ? "total" : "attempt",
              });
        const delay = fired === 2 ? undefined : plan(config, state, input, attempt, undefined);
        if (typeof delay !== "number") throw failure;
        await sleep(delay, caller);
        continue;
      }
      state.disarm();
      const status = response.status;
      if (!policy.statusCodes.has(status)) {
        if (attempt > 1 && status >= 400) setResponseMeta(response, { attempts: attempt });
        return response;
      }
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      const delay = plan(config, state, input, attempt, retryAfter);
      if (typeof delay !== "number") {
        setResponseMeta(response, { attempts: attempt, retryAfter, reason: delay });
        return response;
      }
      // Release the connection now rather than when the response is garbage-collected.
      response.body?.cancel().catch(ignore);
      await sleep(delay, caller);
    }
  } finally {
    caller?.removeEventListener("abort", state);
  }
}

/** One attempt: the right fetch, a signal that the timer can abort, and the timer armed. */
function send(
  config: ResilientFetchConfig,
  state: CallState,
  input: Request | LightRequest,
  foreign: boolean,
  attempt: number,
): Promise<Response> {
  const usesSignal = config.timeout !== 0 || state.deadline !== 0;
  if (input instanceof LightRequest) {
    if (usesSignal) input.init.signal = state.signal();
    state.arm(config.timeout);
    return globalThis.fetch(input.url, input.init);
  }
  let request: Request = input;
  // The first attempt sends the factory's request as built (its signal is the call's own).
  // Later ones need a copy when the body was consumed or the signal was aborted by a timeout.
  if (foreign || (attempt > 1 && (state.body !== null || state.controller?.signal.aborted))) {
    const init: RequestInit = {};
    if (state.body !== null) init.body = state.body;
    if (usesSignal) init.signal = state.signal();
    request = new Request(input, init);
  }
  state.arm(config.timeout);
  const fetch = config.fetch;
  if (fetch === undefined) return globalThis.fetch(request);
  // A custom fetch (a mock handler) may ignore the signal: race it so a timeout still ends the
  // attempt on time.
  return new Promise<Response>((resolve, reject) => {
    state.reject = reject;
    fetch(request).then(resolve, reject);
  });
}

/**
 * The wait before the next attempt, or why there is none (a string for the error message,
 * empty when the limit is simply reached).
 */
function plan(
  config: ResilientFetchConfig,
  state: CallState,
  input: Request | LightRequest,
  attempt: number,
  retryAfter: number | undefined,
): number | string {
  const { policy } = config;
  if (attempt > policy.limit || !state.replayable) return "";
  if (!isRepeatable(input.method, input.url, config.baseUrl, policy)) {
    return `${input.method} ${pathHint(input.url)} is not retried because the spec does not mark it idempotent (set retry.retryNonIdempotent to allow it)`;
  }
  let delay: number;
  if (retryAfter !== undefined) {
    if (retryAfter > policy.maxRetryAfter) {
      return `The server asked to retry after ${Math.ceil(retryAfter / 1000)} s, longer than retry.maxRetryAfter (${policy.maxRetryAfter} ms)`;
    }
    delay = retryAfter;
  } else {
    delay = backoffDelay(attempt, policy.delay, policy.backoffLimit);
  }
  if (state.deadline !== 0 && Date.now() + delay >= state.deadline) {
    return `Waiting ${delay} ms for another attempt would exceed totalTimeout (${config.totalTimeout} ms)`;
  }
  return delay;
}

function pathHint(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** The identifying fields of an error about this call; the request copy has the key redacted. */
function where(input: Request | LightRequest, attempts: number) {
  const headers = input instanceof LightRequest ? input.init.headers : input.headers;
  return {
    method: input.method,
    url: input.url,
    attempts,
    request: redactedRequest(input.method, input.url, headers),
  };
}

function ignore(): void {}
