// Scrubbing the key out of what a failure carries: only the failure handling (src/failure/)
// needs it, so it is loaded with it; the request copy and the plain text scrub that the entry
// needs are in redacted-request.ts.
import { REDACTED } from "@d360-messaging/keys/internal/redact";
import { scrubText } from "./redacted-request.js";

export { redactedRequest, scrubText } from "./redacted-request.js";

/**
 * `body` with every occurrence of the API key replaced by `[REDACTED]`: a gateway may quote the
 * key it refused ("invalid key abc…") in an error body that an `ApiError` carries and prints.
 * Walks the value instead of re-parsing JSON text, which an all-digit key would break; a number
 * whose digits contain the key becomes the marker.
 */
export function scrubBody<T>(body: T, apiKey: string, depth = 0): T {
  if (typeof body === "string") return scrubText(body, apiKey) as T;
  if (typeof body === "number") return (String(body).includes(apiKey) ? REDACTED : body) as T;
  if (body === null || typeof body !== "object" || depth > 20) return body;
  const copy: Record<string, unknown> = Array.isArray(body) ? ([] as never) : {};
  for (const [key, value] of Object.entries(body)) {
    copy[scrubText(key, apiKey)] = scrubBody(value, apiKey, depth + 1);
  }
  return copy as T;
}

/**
 * A plain copy of a foreign error for a `cause`: name, message and the diagnostic fields Node
 * and undici set (code, errno, syscall, hostname, address, port), its causes copied alike, the
 * API key replaced everywhere. Never the foreign object itself: a custom fetch may hang anything
 * on its errors (the request, its headers).
 */
export function scrubCause(error: unknown, apiKey: string, depth = 0): unknown {
  if (typeof error !== "object" || error === null) {
    return typeof error === "string" ? scrubText(error, apiKey) : error;
  }
  const source = error as Record<string, unknown>;
  // The same standard class where it is one (a network failure is a TypeError).
  const Class = error instanceof TypeError ? TypeError : Error;
  const copy = new Class(scrubText(String(source.message ?? ""), apiKey)) as Error &
    Record<string, unknown>;
  const name = scrubText(String(source.name ?? "Error"), apiKey);
  if (name !== copy.name) copy.name = name;
  for (const field of ["code", "errno", "syscall", "hostname", "address", "port"]) {
    const value = source[field];
    if (typeof value === "string" || typeof value === "number")
      copy[field] = scrubBody(value, apiKey);
  }
  if (source.cause !== undefined && depth < 4)
    copy.cause = scrubCause(source.cause, apiKey, depth + 1);
  copy.stack = typeof source.stack === "string" ? scrubText(source.stack, apiKey) : undefined;
  return copy;
}
