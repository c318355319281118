// Everything that only runs when something went wrong, loaded with `import()` the first time it
// is needed (see ./load.ts): the vendor's error table and hints, the retry decision and its
// waits, network-failure classification, secrets scrubbed out of causes and bodies.
import { sleep } from "@d360-messaging/keys/internal/sleep";
import type { ErrorResponse } from "@d360-messaging/types";
import { ApiError, type ApiErrorFields, RateLimitError } from "../errors/ApiError.js";
import type { D360Error } from "../errors/D360Error.js";
import { NetworkError } from "../errors/NetworkError.js";
import { redactedRequest, scrubBody, scrubCause, scrubText } from "../errors/redact.js";
import { classify, rateLimitWait, vendorDetail } from "../errors/vendor.js";
import { networkFailure } from "../fetch/network-failure.js";
import { BodyTooLarge } from "../fetch/read-body.js";
import { responseMeta, setResponseMeta } from "../fetch/response-meta.js";
import type { CallContext, OperationSpec } from "../operation/call.js";
import { decide } from "../retry/decide.js";
import { parseRetryAfter } from "../retry/retry-after.js";
import { timeoutError } from "./load.js";
import { type Attempt, Redirected } from "./types.js";

/**
 * An {@link ApiError} with the vendor's table applied to its status and body: `kind` (unless
 * given), Meta's `code`, the vendor's message as `detail` and the table's hint after `reason`;
 * a {@link RateLimitError} when the table says it is a rate limit.
 */
export function createApiError(fields: ApiErrorFields, reason?: string): ApiError {
  const { message, code } = vendorDetail(fields.body);
  const { kind, hint } = classify(fields.status, { message, code });
  const full = {
    ...fields,
    kind: fields.kind ?? kind,
    code,
    detail: message ? excerpt(message, 200) : undefined,
  };
  const why = [reason, fields.kind ? "" : hint].filter(Boolean).join(". ");
  return new (full.kind === "rate_limit" ? RateLimitError : ApiError)(full, why);
}

/** At most `max` characters of `text`, whitespace collapsed. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** What a named method has when its call failed (see operation/call.ts). */
export interface CallFailure {
  context: CallContext;
  operation: OperationSpec;
  /** The path parameters, for the URL. */
  path: Record<string, unknown>;
  /** The serialized query, without `?`. */
  search: string;
  /** The final response: an error status, or a success whose body is not what the spec says. */
  response: Response;
  /** Its body: the parsed error body, or the success body's text. */
  parsed: unknown;
  /** What a success body should have been, in words (`"a JSON object"` by default). */
  expected: string | undefined;
}

/**
 * The ApiError a named method throws for a final response that is an error status or a success
 * body that is not what the spec describes.
 */
export function responseError(failure: CallFailure): ApiError {
  const { context, operation, path, search, response, parsed } = failure;
  // A success is never retried, so its metadata is the default `{ attempts: 1 }`.
  const meta = responseMeta(response);
  const target = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(path[name])),
  );
  const url = context.baseUrl + target + (search ? `?${search}` : "");
  return createApiError(
    {
      status: response.status,
      // A hostile server may quote the key in its reason phrase.
      statusText: scrubText(response.statusText, context.apiKey),
      body: scrubBody(
        parsed === undefined || (typeof parsed === "object" && parsed !== null)
          ? (parsed as ErrorResponse | undefined)
          : excerpt(String(parsed), response.ok ? 200 : 1000),
        context.apiKey,
      ),
      method: operation.method,
      url,
      attempts: meta.attempts,
      retryAfter: meta.retryAfter,
      request: redactedRequest(operation.method, url, context.headers),
      kind: response.ok ? "unexpected_body" : undefined,
    },
    response.ok
      ? `The body is not what the spec describes: expected ${failure.expected ?? "a JSON object"}`
      : meta.reason,
  );
}

/**
 * After an attempt that threw, or got a response the policy may retry (a retryable status, a
 * 400, a `Retry-After`): the final error, the final response, or a wait and `undefined` to send
 * again. Errors of the user's own code (a middleware, a custom fetch) are rethrown untouched.
 */
export async function settle(a: Attempt): Promise<Response | undefined> {
  const { config, state, attempt, read } = a;
  const { policy, hooks } = config;
  let failure: D360Error | undefined;
  if (a.thrown) {
    const { error } = a.thrown;
    const fields = { method: a.method, url: a.url, attempts: attempt, request: a.redacted() };
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
          ? `Redirected to ${origin(error)}, not followed (it would get D360-API-KEY). Check baseUrl`
          : `The body exceeds maxResponseSize (${error.limit} bytes)`,
      );
    }
    if (state.fired) {
      failure = timeoutError(a);
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
    repeatable: a.repeatable,
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
        request: a.redacted(),
        attempt,
        retryCount: attempt,
        delay: decision.delay,
        error: failure,
        response: response?.clone(),
      });
    }
  }
  await sleep(decision.delay, state.caller);
}

/** The origin a redirect pointed to, for the message. */
function origin(redirect: Redirected): string {
  if (!redirect.to) return "an origin the platform does not show (opaque redirect)";
  try {
    return new URL(redirect.to, redirect.from).origin;
  } catch {
    return "an unreadable Location";
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
