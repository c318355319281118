// Which failures of `POST /messages` left the message unsent ("not processed": safe to send
// again) and which may have delivered it ("maybe processed": never sent again on our own). The
// Cloud API has no idempotency key for messages, so a second request after an ambiguous failure
// can deliver the message twice. Shared by the client's retry (fetch/resilient-fetch.ts), the
// named method (operation/call.ts) and the sender (sender/).
import type { D360Error } from "../errors/D360Error.js";
import type { NetworkErrorCode } from "../errors/NetworkError.js";

// Failures before any byte of the request reached the server: no connection was made (refused,
// no DNS answer, no route), or the TLS handshake or the proxy tunnel failed, which both happen
// before the request is written. A reset, a timeout or "other" may come after the body went out.
const BEFORE_SENDING: ReadonlySet<NetworkErrorCode> = new Set([
  "connection_refused",
  "dns",
  "unreachable",
  "tls",
  "proxy",
]);

/** Whether a network failure of this kind happened before the request was sent. */
export function failedBeforeSending(code: NetworkErrorCode): boolean {
  return BEFORE_SENDING.has(code);
}

/**
 * Whether an error answer says the request was refused without being processed: a rate limit
 * (429, the vendor's 400 rate limit, Meta's throughput codes; see errors/vendor.ts) or 408
 * (RFC 9110 §15.5.9: the server did not receive the whole request).
 */
export function refusedUnprocessed(status: number, rateLimited: boolean): boolean {
  return rateLimited || status === 408;
}

/**
 * Whether the request that failed with `error` (one of the client's own errors) may have been
 * processed: a network failure after the request was sent (a reset, a cut-off body), a timeout,
 * a 5xx, a redirect, or a success whose body could not be read. A refusal (any other 4xx) and a
 * failure before sending were not processed.
 */
export function maybeProcessed(error: D360Error): boolean {
  const { name, code, status, kind } = error as D360Error & {
    code?: string;
    status?: number;
    kind?: string;
  };
  if (name === "NetworkError") return !failedBeforeSending(code as NetworkErrorCode);
  // A TimeoutError, an OutcomeUnknownError.
  if (status === undefined) return true;
  return status >= 500 || status < 400 || kind === "too_large" || kind === "unexpected_body";
}
