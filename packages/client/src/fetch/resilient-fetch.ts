// The one place a call's attempts run: retries, timeouts, response bounds, hooks. Written as one
// loop (as ky's `Ky` class and Stainless SDKs' `makeRequest` are) over helpers that return
// values: the retry decision (retry/decide.ts), the body reader (read-body.ts), the redirect
// check (redirect.ts), the error constructors (errors/).
import { sleep } from "@d360-messaging/keys/internal/sleep";
import type { ApiError } from "../errors/ApiError.js";
import { createApiError } from "../errors/create.js";
import type { D360Error } from "../errors/D360Error.js";
import { NetworkError } from "../errors/NetworkError.js";
import { redactedRequest, scrubCause } from "../errors/redact.js";
import { TimeoutError } from "../errors/TimeoutError.js";
import { rateLimitWait } from "../errors/vendor.js";
import type { FetchLike, Hooks } from "../options.js";
import { decide } from "../retry/decide.js";
import { isRepeatable, type RetryPolicy } from "../retry/policy.js";
import { parseRetryAfter } from "../retry/retry-after.js";
import { failedBeforeSending, refusedUnprocessed } from "../retry/send-failure.js";
import { CallState } from "./call-state.js";
import { networkFailure } from "./network-failure.js";
import { BodyTooLarge, countedBody, type ReadResponse, readBody } from "./read-body.js";
import { checkRedirect, Redirected } from "./redirect.js";
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
  /** The base URL's path without trailing slash (`""` for an origin): operations are below it. */
  basePath: string;
  /** Only to scrub it out of foreign error messages. */
  apiKey: string;
  /** Header names hidden in `error.request` beside the built-in ones. */
  redact: readonly string[];
  hooks: Hooks | undefined;
  /**
   * `parseAs: "stream"`: a success's body is passed on as it arrives (counted against
   * `maxResponseSize`) and the attempt's timer stops at the response headers.
   */
  stream?: boolean;
}

/**
 * The `fetch` openapi-fetch calls, so the typed `GET`/`POST` and the generated methods behave
 * alike. Each attempt gets the request itself (its class, its properties, what middleware
 * returned) and the attempt's signal; a copy is kept when the request has a body and may be
 * sent again (`Request.clone()` tees a stream body, so a generator or a Node `Readable` is sent
 * whole every time). The body of each response is read inside the attempt (see
 * {@link readBody}).
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
  const fetch = (config.fetch ?? globalThis.fetch) as FetchLike;
  const { method, url } = request;
  const caller = request.signal;
  if (caller?.aborted) throw caller.reason;
  const state = new CallState(caller, config.totalTimeout);
  // Whether the request may be sent again; worked out when first needed (a success never asks).
  let repeatable: boolean | undefined;
  const mayRepeat = () =>
    (repeatable ??= policy.limit > 0 && isRepeatable(method, below(url, config.basePath), policy));
  const redacted = () => redactedRequest(method, url, request.headers, config.redact) as Request;
  const fields = (attempt: number) => ({ method, url, attempts: attempt, request: redacted() });
  const timeoutError = (attempt: number) =>
    new TimeoutError({
      ...fields(attempt),
      timeout: state.fired > 1 ? config.totalTimeout : config.timeout,
      kind: state.fired > 1 ? "total" : "attempt",
    });
  // A hook of the user's, raced against the caller's abort and totalTimeout.
  const hook = async (attempt: number, run: () => unknown) => {
    try {
      await state.wait(run);
    } catch (error) {
      throw error === state ? timeoutError(attempt) : error;
    }
  };
  caller?.addEventListener("abort", state);
  try {
    let next = request;
    for (let attempt = 1; ; attempt++) {
      const sent = next;
      // A body can be read once: keep a copy when another attempt may need it (a request that
      // may not be repeated is still sent again when it was refused unprocessed, below).
      if (sent.body && attempt <= policy.limit) next = sent.clone();
      let read: ReadResponse | undefined;
      let thrown: { error: unknown } | undefined;
      try {
        read = await state.attempt(config.timeout, async (signal) => {
          // A streamed body outlives the attempt: the caller's abort must still reach it.
          const live =
            config.stream && caller && signal ? AbortSignal.any([signal, caller]) : signal;
          // openapi-fetch's requestInitExt goes through as is when there is nothing to add.
          const init =
            live || sent.redirect !== "manual"
              ? { ...ext, signal: live, redirect: "manual" as const }
              : ext;
          const response = await fetch(sent, init);
          checkRedirect(response, url);
          state.reading = true;
          if (config.stream && response.ok) {
            return countedBody(response, config.maxResponseSize, () =>
              tooLarge(new BodyTooLarge(config.maxResponseSize, response.status), attempt),
            );
          }
          return readBody(response, config.maxResponseSize);
        });
      } catch (error) {
        if (caller?.aborted) throw caller.reason;
        thrown = { error };
      }
      const response = read?.response;
      if (response) {
        for (const run of hooks?.afterResponse ?? []) {
          await hook(attempt, () =>
            run({ request: redacted(), attempt, response: response.clone() }),
          );
        }
      }
      let failure: D360Error | undefined;
      if (thrown) {
        const { error } = thrown;
        if (error instanceof Redirected) {
          throw createApiError(
            {
              ...fields(attempt),
              status: error.status,
              statusText: "",
              body: undefined,
              kind: "redirect",
            },
            `Redirected to ${error.origin}, not followed (it would get D360-API-KEY). Check baseUrl`,
          );
        }
        if (error instanceof BodyTooLarge) throw tooLarge(error, attempt);
        if (state.fired) {
          failure = timeoutError(attempt);
        } else {
          const code = networkFailure(error);
          // Errors of the user's own code (a middleware, a custom fetch) pass untouched.
          if (!code) throw error;
          failure = new NetworkError(
            { ...fields(attempt), code: state.reading ? "body_truncated" : code },
            scrubCause(error, config.apiKey),
          );
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
        // A success is final whatever `statusCodes` holds.
        transient = response.ok
          ? false
          : policy.statusCodes.has(response.status) || wait !== undefined;
        retryAfter = wait || parseRetryAfter(response.headers.get("retry-after"));
      }
      // A request that may not be repeated (POST /messages: no idempotency key) is still sent
      // again when the failure proves it was not processed: no connection, or a refusal such as
      // a rate limit. A reset, a timeout or a 5xx may come after it was processed: not repeated.
      const unprocessed = response
        ? refusedUnprocessed(response.status, rateLimited)
        : failure?.name === "NetworkError" && failedBeforeSending((failure as NetworkError).code);
      const decision = decide(policy, {
        attempt,
        repeatable: unprocessed || mayRepeat(),
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
      for (const run of hooks?.beforeRetry ?? []) {
        await hook(attempt, () =>
          run({
            request: redacted(),
            attempt,
            retryCount: attempt,
            delay: decision.delay,
            error: failure,
            response: response?.clone(),
          }),
        );
      }
      await sleep(decision.delay, caller);
    }
  } finally {
    caller?.removeEventListener("abort", state);
  }

  function tooLarge(error: BodyTooLarge, attempt: number): ApiError {
    return createApiError(
      {
        ...fields(attempt),
        status: error.status,
        statusText: "",
        body: undefined,
        kind: "too_large",
      },
      `The body exceeds maxResponseSize (${error.limit} bytes)`,
    );
  }
}

/** The body as JSON, else as text (for the vendor's signatures, which look at a bounded head). */
function parse(bytes: Uint8Array | undefined): unknown {
  const text = bytes ? new TextDecoder().decode(bytes) : "";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The path of `url` below `basePath` (the whole path when it is not below it). */
function below(url: string, basePath: string): string {
  const path = new URL(url).pathname;
  return basePath && path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : path;
}
