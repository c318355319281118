/** The header that carries the API key (spec: `securitySchemes.D360-API-KEY`). */
export const API_KEY_HEADER = "d360-api-key";

/** What stands in a recorded header for the API key. */
export const REDACTED = "[REDACTED]";

/**
 * A request as the mock server received it, so tests can assert what was sent
 * (or that nothing was). The API key is never recorded.
 */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** URL pathname, e.g. `/whatsapp_business_encryption`. */
  path: string;
  /** Query parameters; for a repeated name, the last value. */
  query: Record<string, string>;
  /** Request headers with lower-case names; the `d360-api-key` value is replaced by `"[REDACTED]"`. */
  headers: Record<string, string>;
  /** The body as UTF-8 text (`""` when there was none); only the first `maxBodyBytes` of an oversized body. */
  body: string;
  /** Zero-based position of the request's API key in `apiKeys`; absent when the key is missing or unknown. */
  channel?: number;
  /** Status the mock answered with; absent while the request is pending and when the connection was dropped. */
  status?: number;
  /** Whether a queued fault matched this request (delayed, answered or dropped it). */
  fault: boolean;
}

/** Build the record of a request; the API key's value never leaves this function. */
export function recordRequest(
  request: Request,
  url: URL,
  body: Uint8Array,
  channel: number | undefined,
): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    headers[name] = name === API_KEY_HEADER ? REDACTED : value;
  }
  const record: RecordedRequest = {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: new TextDecoder().decode(body),
    fault: false,
  };
  if (channel !== undefined) record.channel = channel;
  return record;
}
