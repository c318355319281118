import type { ErrorResponse } from "@d360-messaging/types";
import type { ApiError } from "../errors/ApiError.js";
import { createApiError, excerpt } from "../errors/create.js";
import { redactedRequest, scrubBody, scrubText } from "../errors/redact.js";
import { cleanStatusText } from "../fetch/buffered-response.js";
import { responseMeta } from "../fetch/response-meta.js";
import type { CallContext, OperationSpec } from "./spec.js";

/** What a named method has when its call failed (see operation/call.ts). */
export interface CallFailure {
  context: CallContext;
  operation: OperationSpec;
  /** The URL the call went to, query included. */
  url: string;
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
  const { context, operation, url, response, parsed } = failure;
  // A success is never retried, so its metadata is the default `{ attempts: 1 }`.
  const meta = responseMeta(response);
  // Scrubbed before it is cut: a key across the cut would survive minus a character.
  const body = scrubBody(parsed, context.apiKey);
  return createApiError(
    {
      status: response.status,
      // A hostile server may quote the key in its reason phrase.
      statusText: scrubText(cleanStatusText(response.statusText), context.apiKey),
      body:
        body === undefined || (typeof body === "object" && body !== null)
          ? (body as ErrorResponse | undefined)
          : excerpt(String(body), response.ok ? 200 : 1000),
      method: operation.method,
      url,
      attempts: meta.attempts,
      retryAfter: meta.retryAfter,
      request: redactedRequest(operation.method, url, context.headers, context.redact),
      kind: response.ok ? "unexpected_body" : undefined,
    },
    response.ok
      ? `The body is not what the spec describes: expected ${failure.expected ?? "a JSON object"}`
      : meta.reason,
  );
}
