// Messages platforms use for "no response": undici ("fetch failed", "terminated"), Chromium
// ("Failed to fetch", "network error"), Firefox ("NetworkError when attempting…"), Safari
// ("Load failed", "The Internet connection appears to be offline."), Deno ("error sending
// request…"), React Native / cross-fetch ("Network request failed"). The same list ky relies on.
const MESSAGE =
  /^(?:fetch failed|failed to fetch|networkerror|network ?error|load failed|network request failed|terminated|error sending request|the internet connection)/i;
// Node socket codes and Bun's fetch error codes (Bun rejects with a plain Error and a `code`).
const CODE = /^(?:E[A-Z]+|UND_ERR_\w+|Connection\w+|Failed\w*)$/;

/**
 * Whether `error`, thrown by `fetch`, means the request failed before any response: the only
 * thrown errors that are retried. A `TypeError` with another message is a bug in user code
 * (a middleware, a custom fetch) and is not retried. Matches by `name`, not `instanceof`, so a
 * fetch from another realm counts too.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  if (name === "TypeError") return typeof message === "string" && MESSAGE.test(message);
  return typeof code === "string" && CODE.test(code);
}
