import type { NetworkErrorCode } from "../errors/NetworkError.js";

// How platforms word "no response" when they give no code: undici ("fetch failed",
// "terminated"), Chromium ("Failed to fetch", "network error"), Firefox ("NetworkError when
// attempting…"), Safari ("Load failed", "The Internet connection appears to be offline."), Deno
// ("error sending request…"), React Native ("Network request failed"); the list ky relies on.
const NETWORK =
  /^(?:fetch failed|failed to fetch|network|load failed|terminated|error sending|the internet)/i;

// The codes Node, undici and Bun put on a network failure (or on its `cause`), by kind. Only
// these count: a custom fetch throwing another `E…` code (EDQUOT, EACCES) is the user's error.
const CODES: [RegExp, NetworkErrorCode][] = [
  [/^(?:ECONNREFUSED|ConnectionRefused)$/, "connection_refused"],
  [/^(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|DNSException)$/, "dns"],
  [
    /^(?:ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED|ConnectionClosed)$/,
    "connection_reset",
  ],
  [/^(?:ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN)$/, "unreachable"],
  [
    /^(?:ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/,
    "timeout",
  ],
  // EPROTO, ERR_TLS_*, ERR_SSL_*, ERR_OSSL_*, CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT,
  // SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE, UND_ERR_PRX_TLS.
  [/^(?:EPROTO|ERR_(?:TLS|SSL|OSSL)_\w+|\w*CERT\w*|UNABLE_TO_\w+|UND_ERR_PRX_TLS)$/, "tls"],
];

/**
 * What kind of network failure `error` (thrown by `fetch`, or by reading a body) is, or
 * `undefined` when it is not a known network failure: then it is a bug or a deliberate error in
 * user code (a middleware, a custom fetch) and passes through untouched, never retried. Reads
 * `name`, `message` and `code` of the error and its causes, so an error from another realm
 * counts too.
 */
export function networkFailure(error: unknown): NetworkErrorCode | undefined {
  let known = false;
  for (let e = error as Record<string, unknown> | undefined, i = 0; e && i < 5; i++) {
    const code = String(e.code);
    // undici's ProxyAgent: "Proxy response (407) !== 200 when HTTP Tunneling".
    if (/^Proxy /.test(String(e.message))) return "proxy";
    for (const [pattern, kind] of CODES) if (pattern.test(code)) return kind;
    if (i === 0)
      known = (e instanceof TypeError || e.name === "TypeError") && NETWORK.test(String(e.message));
    e = typeof e.cause === "object" ? (e.cause as Record<string, unknown>) : undefined;
  }
  return known ? "other" : undefined;
}
