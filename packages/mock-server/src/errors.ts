import { brand, isBranded } from "@d360-messaging/keys/internal";
import type { ErrorResponse } from "@d360-messaging/types";
import type { HeadersInit } from "./web-types.js";

// The guards match the package's `Symbol.for` brand plus `name` (the pattern of every package
// here, see keys' internal/brand.ts), so they recognise an error from another realm or copy.
const BRAND = "@d360-messaging/mock-server.error";

/**
 * Thrown (as a rejection) by an in-process {@link MockHandler} when a queued fault
 * says `drop: true`. It is a `TypeError`, like the network error `fetch` rejects
 * with when a connection is reset, so client code sees the same class of failure
 * in process as over HTTP. Over HTTP the Node server destroys the socket instead.
 */
export class ConnectionDroppedError extends TypeError {
  /** Always `"ConnectionDroppedError"`; {@link isConnectionDroppedError} matches on it across realms. */
  override name = "ConnectionDroppedError";
  constructor() {
    super("fetch failed: the mock server dropped the connection (injected fault)");
    brand(this, BRAND);
  }
}

/** Type guard for {@link ConnectionDroppedError}; matches across realms and duplicated installs. */
export function isConnectionDroppedError(error: unknown): error is ConnectionDroppedError {
  return (
    error instanceof ConnectionDroppedError || isBranded(error, BRAND, "ConnectionDroppedError")
  );
}

/**
 * Why an API key given to the mock was refused:
 *
 * - `NOT_A_STRING`: not a string at all.
 * - `EMPTY`: `""` or only whitespace.
 * - `SURROUNDING_WHITESPACE`: leading or trailing whitespace, which HTTP strips from a header value.
 * - `NOT_HEADER_SAFE`: a character outside printable ASCII (non-ASCII, CR, LF, NUL, tab or
 *   another control character), which no `D360-API-KEY` header can carry as sent.
 * - `DUPLICATE`: the same key twice in `apiKeys`.
 */
export type InvalidApiKeyReason =
  | "NOT_A_STRING"
  | "EMPTY"
  | "SURROUNDING_WHITESPACE"
  | "NOT_HEADER_SAFE"
  | "DUPLICATE";

/**
 * Thrown by {@link createMockHandler} and `startMockServer` for an API key in `apiKeys` that a
 * client could never send. It names the key's position, never the key. A `TypeError`, as for
 * any other invalid option.
 *
 * @example
 * ```ts
 * try {
 *   createMockHandler({ apiKeys: ["clé"] });
 * } catch (error) {
 *   if (isInvalidApiKeyError(error)) console.error(error.index, error.reason); // 0 "NOT_HEADER_SAFE"
 * }
 * ```
 */
export class InvalidApiKeyError extends TypeError {
  /** Always `"InvalidApiKeyError"`; {@link isInvalidApiKeyError} matches on it across realms. */
  override name = "InvalidApiKeyError";
  /** Zero-based position of the refused key in `apiKeys`. */
  readonly index: number;
  /** Why it was refused; see {@link InvalidApiKeyReason}. */
  readonly reason: InvalidApiKeyReason;

  /**
   * @param index - position of the key in `apiKeys`
   * @param reason - why it was refused
   */
  constructor(index: number, reason: InvalidApiKeyReason) {
    super(`apiKeys[${index}] ${REASON_TEXT[reason]}`);
    this.index = index;
    this.reason = reason;
    brand(this, BRAND);
  }
}

const REASON_TEXT: Record<InvalidApiKeyReason, string> = {
  NOT_A_STRING: "must be a string",
  EMPTY: "must not be empty",
  SURROUNDING_WHITESPACE:
    "has leading or trailing whitespace, which HTTP strips from a header value: remove it",
  NOT_HEADER_SAFE:
    "contains a character no HTTP header can carry as sent (non-ASCII, CR, LF, NUL, tab or another control character): use printable ASCII only",
  DUPLICATE: "is a duplicate of an earlier key",
};

/** Type guard for {@link InvalidApiKeyError}; matches across realms and duplicated installs. */
export function isInvalidApiKeyError(error: unknown): error is InvalidApiKeyError {
  return error instanceof InvalidApiKeyError || isBranded(error, BRAND, "InvalidApiKeyError");
}

// The real API (a Go service) answers JSON with this exact content type.
/** The content type of every JSON body the mock sends. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** A JSON response with the API's content type. */
export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", JSON_CONTENT_TYPE);
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** An error response whose body matches the spec's `utils.ErrorResp`: `{"error": message}`. */
export function errorResponse(status: number, message: string, headers?: HeadersInit): Response {
  const body: ErrorResponse = { error: message };
  return jsonResponse(body, status, headers);
}
