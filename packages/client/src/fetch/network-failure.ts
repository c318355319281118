// How platforms word "no response": undici ("fetch failed", "terminated"), Chromium ("Failed to
// fetch", "network error"), Firefox ("NetworkError when attempting…"), Safari ("Load failed",
// "The Internet connection appears to be offline."), Deno ("error sending request…"), React
// Native ("Network request failed"); the same list ky relies on. Bun rejects with a `code`.
const NETWORK =
  /^(?:fetch failed|failed to fetch|network|load failed|terminated|error sending|the internet)/i;

/**
 * Whether `error`, thrown by `fetch`, means the request failed before any response: the only
 * thrown errors that are retried. A `TypeError` with another message is a bug in user code (a
 * middleware, a custom fetch) and is not retried. Matches by `name`, so a fetch from another
 * realm counts too (and `instanceof`, for subclasses such as the mock server's dropped connection).
 */
export function isNetworkFailure(error: unknown): boolean {
  const { name, message, code } = (error ?? {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
  };
  return error instanceof TypeError || name === "TypeError"
    ? NETWORK.test(String(message))
    : /^(?:E[A-Z]+|UND_ERR_\w+|Connection\w+)$/.test(String(code));
}
