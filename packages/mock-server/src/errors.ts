import type { ErrorResponse } from "@d360-messaging/types";

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
  }
}

/** Type guard for {@link ConnectionDroppedError}; also matches across realms by `name`. */
export function isConnectionDroppedError(error: unknown): error is ConnectionDroppedError {
  return (
    error instanceof ConnectionDroppedError ||
    (error instanceof Error && error.name === "ConnectionDroppedError")
  );
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
