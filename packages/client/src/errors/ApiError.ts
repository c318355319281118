import type { ErrorResponse } from "@d360-messaging/types";
import { D360Error, isNamed } from "./D360Error.js";

// HTTP/2 responses and in-process handlers often have an empty statusText; these are the
// statuses this API documents or a proxy in front of it sends.
const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  413: "Content Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** What an {@link ApiError} knows about the failed exchange. */
export interface ApiErrorInit {
  /** HTTP status of the last response. */
  status: number;
  /** The response's status text, when the platform reported one. */
  statusText?: string;
  /** Parsed `{"error": …}` body, or a text excerpt when the body was not JSON. */
  body: ErrorResponse | string | undefined;
  /** Upper-case HTTP method. */
  method: string;
  /** Full request URL (no credentials: the API key travels in a header). */
  url: string;
  /** Requests made, the first included. */
  attempts: number;
  /** Milliseconds the server asked to wait (`Retry-After`), when it sent the header. */
  retryAfter?: number;
  /** Why retrying stopped early, appended to the message. */
  reason?: string;
  /** The request, with the API key header replaced by `[REDACTED]`. */
  request?: Request;
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
export class ApiError extends D360Error {
  override name = "ApiError";
  /** HTTP status of the last response, e.g. `503`. */
  readonly status: number;
  /** The error body: the API's `{"error": "…"}` when it was JSON, else a short text excerpt (an HTML proxy page, an empty string). */
  readonly body: ErrorResponse | string | undefined;
  /** Upper-case HTTP method, e.g. `"GET"`. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** Milliseconds the server asked to wait before retrying (`Retry-After`), if it said. */
  readonly retryAfter: number | undefined;
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request: Request | undefined;

  /** @param init - the exchange; see {@link ApiErrorInit} */
  constructor(init: ApiErrorInit) {
    const { status, method, url, attempts, body } = init;
    const text = init.statusText || STATUS_TEXT[status];
    const detail = typeof body === "string" ? body : body?.error;
    super(
      // A 2xx lands here only when its body is not what the spec promises.
      `${status >= 400 ? "Request failed" : "Unexpected response"} with status ${status}${text ? ` ${text}` : ""}: ${method} ${url} ` +
        `(after ${attempts} attempt${attempts === 1 ? "" : "s"})` +
        (detail ? `: ${excerpt(detail, 200)}` : "") +
        (init.reason ? `. ${init.reason}` : "") +
        hint(status),
    );
    this.status = status;
    this.body = body;
    this.method = method;
    this.url = url;
    this.attempts = attempts;
    this.retryAfter = init.retryAfter;
    this.request = init.request;
  }

  override toJSON(): Record<string, unknown> {
    const { name, message, status, body, method, url, attempts, retryAfter } = this;
    return { name, message, status, body, method, url, attempts, retryAfter };
  }
}

function hint(status: number): string {
  if (status === 401 || status === 403) {
    return ". Check the apiKey option: it must be the D360-API-KEY of the channel (phone number) you are calling";
  }
  if (status === 429) return ". Rate limited: send fewer requests or raise retry.limit";
  if (status >= 500) return ". The API or a proxy in front of it failed: try again later";
  return "";
}

/** At most `max` characters of `text`, whitespace collapsed, for messages and error bodies. */
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
