/** What stands in for the API key wherever a request is kept for diagnostics. */
export const REDACTED = "[REDACTED]";

/** The API key header (spec: `components.securitySchemes.D360-API-KEY`). */
export const API_KEY_HEADER = "D360-API-KEY";

/**
 * A bodiless copy of a request for an error to carry, with the API key header replaced by
 * `[REDACTED]` (octokit's `RequestError` does the same with `authorization`). Never throws: a
 * runtime that refuses the copy just gets no `request`.
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
  } catch {}
}

/**
 * `body` with every occurrence of the API key replaced by `[REDACTED]`: a gateway may quote the
 * key it refused ("invalid key abc…") in an error body that an `ApiError` carries and prints.
 */
export function scrubBody<T>(body: T, apiKey: string): T {
  if (typeof body === "string") {
    return (body.includes(apiKey) ? body.split(apiKey).join(REDACTED) : body) as T;
  }
  if (body !== null && typeof body === "object") {
    const text = JSON.stringify(body);
    // The key as it stands inside JSON text (escaped like any other string).
    const quoted = JSON.stringify(apiKey).slice(1, -1);
    if (text.includes(quoted)) return JSON.parse(text.split(quoted).join(REDACTED)) as T;
  }
  return body;
}

/**
 * `error` itself when the API key appears nowhere in its message, stack or `cause` chain;
 * otherwise a plain `Error` with the key replaced. A user-supplied `fetch` may quote a header
 * in an error, and causes end up in logs.
 */
export function scrubCause(error: unknown, apiKey: string): unknown {
  let text = "";
  for (
    let e = error as { message?: unknown; stack?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 9;
    e = e.cause as typeof e, i++
  ) {
    text += `${e.message}${e.stack}${typeof e === "object" ? "" : e}`;
  }
  return text.includes(apiKey)
    ? new Error(
        String((error as Error)?.message ?? error)
          .split(apiKey)
          .join(REDACTED),
      )
    : error;
}
