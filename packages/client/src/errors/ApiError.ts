import type { ErrorResponse } from "@d360-messaging/types";
import { D360Error, describe, isNamed } from "./D360Error.js";

/** What an {@link ApiError} carries. */
export interface ApiErrorFields {
  /** HTTP status of the last response, e.g. `503`. */
  readonly status: number;
  /** The response's status text (empty over HTTP/2 and from in-process handlers). */
  readonly statusText: string;
  /** The error body: the API's `{"error": "…"}` when it was JSON, else a short text excerpt (an HTML proxy page, `""`). */
  readonly body: ErrorResponse | string | undefined;
  /** Upper-case HTTP method, e.g. `"GET"`. */
  readonly method: string;
  /** The request URL (the API key travels in a header, never here). */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** Milliseconds the server asked to wait before retrying (`Retry-After`), if it said. */
  readonly retryAfter?: number | undefined;
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request?: Request | undefined;
}

/**
 * The API answered with an error status (after any retries), or with a body that is not what
 * the spec promises. Thrown by the `encryption.*` methods; the generic `GET`/`POST` keep
 * openapi-fetch's `{ data, error, response }` result instead.
 *
 * @example
 * ```ts
 * try {
 *   await client.encryption.getBusinessPublicKey();
 * } catch (error) {
 *   if (isApiError(error) && error.status === 401) console.error("Check D360_API_KEY");
 *   else throw error;
 * }
 * ```
 */
export class ApiError extends D360Error implements ApiErrorFields {
  override name = "ApiError";
  declare readonly status: number;
  declare readonly statusText: string;
  declare readonly body: ErrorResponse | string | undefined;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
  declare readonly retryAfter?: number | undefined;
  declare readonly request?: Request | undefined;

  /**
   * @param fields - the exchange
   * @param reason - why retrying stopped early, or what was wrong with a success body
   */
  constructor(fields: ApiErrorFields, reason?: string) {
    const { status, statusText, body } = fields;
    // `error` is a string in the spec's ErrorResp, but a gateway may send an object there.
    const detail =
      typeof body === "string" ? body : typeof body?.error === "string" ? body.error : undefined;
    super(
      // A 2xx lands here only when its body is not what the spec promises.
      `${status < 400 ? "Unexpected response" : "Request failed"} with status ${status}${statusText ? ` ${statusText}` : ""}: ` +
        describe(fields.method, fields.url, fields.attempts) +
        (detail ? `: ${excerpt(detail, 200)}` : "") +
        (reason ? `. ${reason}` : "") +
        (status === 401 || status === 403
          ? ". Check the apiKey option"
          : status === 429 || status >= 500
            ? ". Try again later"
            : ""),
      fields,
    );
  }
}

/** At most `max` characters of `text`, whitespace collapsed. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Whether `error` is an {@link ApiError}, also across realms and duplicated installs.
 *
 * @example
 * ```ts
 * if (isApiError(error) && error.status === 429) await sleep(error.retryAfter ?? 1000);
 * ```
 */
export function isApiError(error: unknown): error is ApiError {
  return isNamed(error, "ApiError");
}
