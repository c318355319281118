/** What stands in for the API key wherever a request is kept for diagnostics. */
export const REDACTED = "[REDACTED]";

/** The API key header (spec: `components.securitySchemes.D360-API-KEY`). */
export const API_KEY_HEADER = "D360-API-KEY";

/**
 * A bodiless copy of a request for an error to carry, with the API key header replaced by
 * `[REDACTED]` (octokit's `RequestError` does the same with `authorization`). Never throws: a
 * runtime that refuses the copy (a forbidden header in a browser) just gets no `request`.
 */
export function redactedRequest(
  method: string,
  url: string,
  headers: HeadersInit | undefined,
): Request | undefined {
  try {
    const copy = new Headers(headers);
    if (copy.has(API_KEY_HEADER)) copy.set(API_KEY_HEADER, REDACTED);
    return new Request(url, { method, headers: copy });
  } catch {
    return undefined;
  }
}

/**
 * `error` itself when the API key appears nowhere in it or its `cause` chain; otherwise a plain
 * `Error` with the key replaced in the message. A user-supplied `fetch` may put a header value in
 * an error message, and causes end up in logs.
 */
export function scrubCause(error: unknown, apiKey: string): unknown {
  let leaks = false;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const { message, stack } = current as { message?: unknown; stack?: unknown };
    if (String(message).includes(apiKey) || String(stack).includes(apiKey)) leaks = true;
    current = (current as { cause?: unknown }).cause;
  }
  if (typeof error === "string" && error.includes(apiKey)) leaks = true;
  if (!leaks) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new Error(text.split(apiKey).join(REDACTED));
}
