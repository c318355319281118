// Keeping secrets out of what errors carry: the request copy, bodies, foreign causes.
import { API_KEY_HEADER, REDACTED } from "@d360-messaging/keys/internal/redact";
import type { HeadersInit } from "../options.js";

// Credentials a request or response may carry beside the API key (RFC 9110 §11.6.2, §11.7.2;
// RFC 6265 §4): their values never reach an error.
const SECRET_HEADERS = [
  API_KEY_HEADER,
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
];

/**
 * A bodiless copy of a request for an error to carry, with the API key header, `Authorization`,
 * `Proxy-Authorization`, `Cookie`, `Set-Cookie` and the caller's `redactHeaders` replaced by
 * `[REDACTED]` (octokit's `RequestError` does the same with `authorization`). Never throws: a
 * runtime that refuses the copy just gets no `request`.
 */
export function redactedRequest(
  method: string,
  url: string,
  headers: HeadersInit | undefined,
  extra: readonly string[] = [],
): Request | undefined {
  try {
    const copy = new Headers(headers);
    for (const name of [...SECRET_HEADERS, ...extra]) {
      if (copy.has(name)) copy.set(name, REDACTED);
    }
    return new Request(url, { method, headers: copy });
  } catch {}
}

/** `text` with every occurrence of the API key replaced by `[REDACTED]`. */
export function scrubText(text: string, apiKey: string): string {
  return text.split(apiKey).join(REDACTED);
}

/**
 * `body` with every occurrence of the API key replaced by `[REDACTED]`, at any depth: a gateway
 * may quote the key it refused ("invalid key abc…") in an error body that an `ApiError` carries
 * and prints. Walks the value (with a stack of its own, so a deeply nested body cannot overflow
 * the call stack) instead of re-parsing JSON text, which an all-digit key would break; a number
 * whose digits contain the key becomes the marker. Meant for parsed JSON (no cycles).
 */
export function scrubBody<T>(body: T, apiKey: string): T {
  const leaf = (value: unknown): unknown =>
    typeof value === "string"
      ? scrubText(value, apiKey)
      : typeof value === "number" && String(value).includes(apiKey)
        ? REDACTED
        : value;
  if (body === null || typeof body !== "object") return leaf(body) as T;
  const empty = (of: object): object => (Array.isArray(of) ? [] : {});
  const root = empty(body);
  const stack: [object, object][] = [[body, root]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [source, copy] = top;
    for (const [key, value] of Object.entries(source)) {
      let scrubbed = leaf(value);
      if (value !== null && typeof value === "object") {
        scrubbed = empty(value);
        stack.push([value, scrubbed as object]);
      }
      // defineProperty: a `__proto__` key of parsed JSON stays a plain property.
      Object.defineProperty(copy, scrubText(key, apiKey), {
        value: scrubbed,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root as T;
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
