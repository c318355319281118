import { API_KEY_HEADER, REDACTED } from "@d360-messaging/keys/internal/redact";
import type { HeadersInit } from "../options.js";

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

/** `text` with every occurrence of the API key replaced by `[REDACTED]`. */
export function scrubText(text: string, apiKey: string): string {
  return text.split(apiKey).join(REDACTED);
}
