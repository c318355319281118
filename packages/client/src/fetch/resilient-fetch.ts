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
  /** Without trailing slash; locates the operation of a URL for the method policy. */
  baseUrl: string;
  /** Only to scrub it out of foreign error messages. */
  apiKey: string;
}

type Input = Request | LightRequest;

/**
 * The one place retries and timeouts happen: the `fetch` openapi-fetch calls, so the typed
 * `GET`/`POST` and the `encryption.*` methods behave alike. It resolves with the final
 * `Response` whatever its status (openapi-fetch turns it into `{ data, error }`), and rejects
 * with a {@link TimeoutError}, a {@link NetworkError}, the caller's abort reason, or an error of
 * the user's own code, untouched.
 */
export function createResilientFetch(
  config: ResilientFetchConfig,
): (input: Input) => Promise<Response> {
  return (input) => call(config, input);
}

async function call(config: ResilientFetchConfig, input: Input): Promise<Response> {
  const { policy, timeout, totalTimeout } = config;
  const init = input instanceof LightRequest ? input.init : undefined;
  const native = input instanceof LightRequest ? undefined : input;
  const state = new CallState(native ? native.signal : (init?.signal ?? undefined));
  // A body is sent again on a retry: openapi-fetch's serialized body as is (a string, form
  // data), a Request's body read once. A stream can be sent only once: one attempt then.
  const replayable = !(init?.body instanceof ReadableStream);
  if (native?.body && policy.limit) state.replay = await native.arrayBuffer();
  const caller = state.caller;
  if (caller?.aborted) throw caller.reason;
  if (totalTimeout) state.deadline = Date.now() + totalTimeout;
  caller?.addEventListener("abort", state);
  try {
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: Error | undefined;
      state.arm(timeout);
      try {
        if (!native) {
          if (timeout || totalTimeout) (init as RequestInit).signal = state.signal;
          response = await globalThis.fetch(input.url, init);
        } else {
          // The state is the RequestInit: a fetch that reads `signal` gets an abortable one; one
          // that ignores it (an in-memory handler) costs no AbortController. Raced, so that a
          // timeout or an abort ends the attempt on time even then.
          const request = state.replay ? new Request(native, { body: state.replay }) : native;
          const fetch = (config.fetch ?? globalThis.fetch) as (
            r: Request,
            i: RequestInit,
          ) => Promise<Response>;
          response = await new Promise<Response>((resolve, reject) => {
            state.reject = reject;
            fetch(request, state).then(resolve, reject);
          });
        }
      } catch (error) {
        if (caller?.aborted) throw caller.reason;
        if (!state.fired && !isNetworkFailure(error)) throw error;
        const fields = {
          method: input.method,
          url: input.url,
          attempts: attempt,
          request: redactedRequest(
            input.method,
            input.url,
            native ? native.headers : init?.headers,
          ),
        };
        failure = state.fired
          ? new TimeoutError({
              ...fields,
              timeout: state.fired > 1 ? totalTimeout : timeout,
              kind: state.fired > 1 ? "total" : "attempt",
            })
          : new NetworkError(fields, scrubCause(error, config.apiKey));
      } finally {
        state.disarm();
      }
      let retryAfter: number | undefined;
      if (response) {
        if (!policy.statusCodes.has(response.status)) {
          if (attempt > 1 && !response.ok) setResponseMeta(response, { attempts: attempt });
          return response;
        }
        retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      }
      // The wait before the next attempt, or why there is none ("" when the limit is reached).
      let delay =
        attempt > policy.limit || !replayable || state.fired > 1
          ? ""
          : !isRepeatable(input.method, input.url, config.baseUrl, policy)
            ? "Not retried: the operation is not idempotent (see retry.retryNonIdempotent)"
            : (retryAfter ?? 0) > policy.maxRetryAfter
              ? `Not retried: Retry-After exceeds retry.maxRetryAfter (${policy.maxRetryAfter} ms)`
              : (retryAfter ?? backoffDelay(attempt, policy.delay, policy.backoffLimit));
      if (typeof delay === "number" && state.deadline && Date.now() + delay >= state.deadline) {
        // Sleeping past the deadline would only end in a timeout: fail now with what we have.
        delay = "Not retried: totalTimeout would run out";
      }
      if (typeof delay !== "number") {
        if (!response) throw failure;
        setResponseMeta(response, { attempts: attempt, retryAfter, reason: delay });
        return response;
      }
      state.fired = 0;
      // Release the connection now rather than when the response is garbage-collected.
      response?.body?.cancel().catch(() => {});
      await sleep(delay, caller);
    }
  } finally {
    caller?.removeEventListener("abort", state);
  }
}
