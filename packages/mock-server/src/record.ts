import { API_KEY_HEADER, REDACTED } from "@d360-messaging/keys/internal";
import { integerOption } from "./options.js";

/** The API key's header as `Headers` names it (lower-case), for lookups and the record. */
export const API_KEY = API_KEY_HEADER.toLowerCase();

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
  /** The body as UTF-8 text; `""` when there was none, and for a body over `maxBodyBytes` or one that could not be read (it is not kept). */
  body: string;
  /** Zero-based position of the request's API key in `apiKeys`; absent when the key is missing or unknown. */
  channel?: number;
  /** Status the mock answered with; absent while the request is pending and when the connection was dropped. */
  status?: number;
  /** Whether a queued fault matched this request (delayed, answered or dropped it). */
  fault: boolean;
  /**
   * For an accepted `POST /messages` that repeats an earlier one (same channel, recipient and
   * body within `duplicateWindowMs`): the earlier message's id.
   */
  duplicateOf?: string;
  /** `true` when `cutResponses` cut the answer to this accepted message. */
  cut?: boolean;
}

/**
 * How many requests a handler keeps by default: the newest 1,000. Each keeps its body as text, so
 * a full log at the default 64 KiB body limit measured 68.7 MiB of heap for ASCII bodies and
 * up to 142.6 MiB for binary ones with 16 KiB of headers (a byte that is not UTF-8 decodes to a
 * two-byte U+FFFD; `bench/request-log-memory.mjs`); an encryption upload (a PEM of about 450
 * bytes) costs about 1 KiB.
 */
export const DEFAULT_MAX_RECORDED_REQUESTS = 1000;

/**
 * The recorded requests: an array (so tests index, filter and map it as usual) that keeps only
 * the newest `max` entries, dropping the oldest as new ones arrive, like a ring buffer.
 */
export class RequestLog {
  /** The entries, oldest first; the same array for the log's whole life. */
  readonly entries: RecordedRequest[] = [];
  readonly #max: number;

  constructor(max: number) {
    this.#max = integerOption("maxRecordedRequests", max, 0);
  }

  add(record: RecordedRequest): void {
    this.entries.push(record);
    if (this.entries.length > this.#max) this.entries.splice(0, this.entries.length - this.#max);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/**
 * Build the record of a request, its body still empty (the body is read after the record is
 * made); the API key's value never leaves this function.
 */
export function recordRequest(
  request: Request,
  url: URL,
  channel: number | undefined,
): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    headers[name] = name === API_KEY ? REDACTED : value;
  }
  const record: RecordedRequest = {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: "",
    fault: false,
  };
  if (channel !== undefined) record.channel = channel;
  return record;
}
