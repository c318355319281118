/** What the simulator sends: one HTTP request, exactly once. */
export interface OutgoingRequest {
  method: "POST";
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

/** What came back, the body read as text. */
export interface IncomingReply {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * Sends one request to a URL and reads the reply. WhatsApp sends each request once and re-sends
 * after a 421 itself (after re-fetching the public key), so a transport must not retry on its
 * own: the Fetch standard makes `fetch` re-send a request that got 421 once on a new connection
 * (HTTP-network-or-cache fetch), which Node's fetch (undici) does. The Node build therefore
 * sends through node:http (node/send.ts); the web build has only fetch.
 */
export type Transport = (url: string | URL, request: OutgoingRequest) => Promise<IncomingReply>;

/** A transport over a fetch function (the web build's default, or `options.fetch`). */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, { method, headers, body, signal }) => {
    const reply = await fetchImpl(url, { method, headers, body, signal });
    return { status: reply.status, headers: reply.headers, body: await reply.text() };
  };
}
