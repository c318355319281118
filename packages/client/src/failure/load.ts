// The failure handling is loaded on demand. Everything that only runs when something went wrong
// (the vendor's error table and hints, the retry decision and its waits, network-failure
// classification, scrubbing secrets out of causes and bodies, the hints in error messages) lives in
// ./index.ts, which this module imports with `import()`: a bundler puts it in a chunk of its own,
// so it stays out of what loads on import (the size budget in test/size.test.ts). `warmFailure`
// starts loading it when a client is created, so it is normally there before the first failure.
//
// If it cannot be loaded (a browser or Worker that went offline, a deploy that replaced the
// chunk), the fallbacks below still give each outcome its class: the response itself (not
// retried), a TimeoutError, a NetworkError for what is most likely the network failing, an
// ApiError with the kind its status says.
import { ApiError } from "../errors/ApiError.js";
import { NetworkError } from "../errors/NetworkError.js";
import { scrubText } from "../errors/redacted-request.js";
import { TimeoutError } from "../errors/TimeoutError.js";
import { BodyTooLarge } from "../fetch/read-body.js";
import type { Attempt } from "./types.js";
import { Redirected } from "./types.js";

type Failure = typeof import("./index.js");
type CallFailure = import("./index.js").CallFailure;

let loaded: Failure | undefined;
let loading: Promise<Failure> | undefined;

/** The failure module; a failed load is tried again next time (the network may be back). */
export function loadFailure(): Promise<Failure> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= import("./index.js").then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Start loading the failure module in the background; a failure to load is handled when needed. */
export function warmFailure(): void {
  loadFailure().catch(() => {});
}

/**
 * After an attempt that failed or got a response the retry policy has to look at: resolves
 * with the final response, or `undefined` to send again (after the wait), or rejects with the
 * final error.
 */
export function settle(attempt: Attempt): Promise<Response | undefined> {
  return loaded
    ? loaded.settle(attempt)
    : loadFailure().then(
        (module) => module.settle(attempt),
        () => settleOffline(attempt),
      );
}

/** {@link settle} without the failure module: no retries, the least each outcome needs. */
function settleOffline(attempt: Attempt): Response {
  const { read, thrown, state, config } = attempt;
  // Never loaded, so never retried: this is the first attempt.
  if (read) return read.response;
  const fields = { method: attempt.method, url: attempt.url, attempts: attempt.attempt };
  const error = thrown?.error;
  if (state.fired) throw timeoutError(attempt);
  if (error instanceof Redirected || error instanceof BodyTooLarge) {
    throw new ApiError({
      ...fields,
      request: attempt.redacted(),
      status: error.status,
      statusText: "",
      body: undefined,
      kind: error instanceof Redirected ? "redirect" : "too_large",
    });
  }
  // Without the classification, a TypeError from fetch is what a network failure looks like on
  // every platform ("fetch failed", "Failed to fetch", "Load failed"); its message, key removed.
  if (error instanceof TypeError) {
    throw new NetworkError(
      { ...fields, request: attempt.redacted(), code: "other" },
      new TypeError(scrubText(error.message, config.apiKey)),
    );
  }
  throw error;
}

/** The TimeoutError of an attempt whose timer fired. */
export function timeoutError(attempt: Attempt): TimeoutError {
  const total = attempt.state.fired > 1;
  return new TimeoutError({
    method: attempt.method,
    url: attempt.url,
    attempts: attempt.attempt,
    request: attempt.redacted(),
    timeout: total ? attempt.config.totalTimeout : attempt.config.timeout,
    kind: total ? "total" : "attempt",
  });
}

/**
 * The ApiError a named method throws for a final response; without the failure module, one
 * with the kind its status says (or `"unexpected_body"` for a success).
 */
export async function responseError(failure: CallFailure): Promise<ApiError> {
  try {
    return (loaded ?? (await loadFailure())).responseError(failure);
  } catch {
    const { response, operation } = failure;
    return new ApiError({
      status: response.status,
      statusText: "",
      body: undefined,
      method: operation.method,
      url: failure.context.baseUrl + operation.path,
      // Never loaded, so the call was never retried.
      attempts: 1,
      kind: response.ok ? "unexpected_body" : undefined,
    });
  }
}
