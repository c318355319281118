// A GET of an absolute URL (a media file) through the same attempt loop as every operation, for
// what the API hands out as a URL rather than an operation. The API key goes only to the
// client's own origin: a URL of any other origin is fetched without the client's headers.
import { createApiError, excerpt } from "../errors/create.js";
import { redactedRequest, scrubText } from "../errors/redact.js";
import type { TagContext } from "../operation/extension.js";
import type { HeadersInit } from "../options.js";
import { cleanStatusText } from "./buffered-response.js";
import { createResilientFetch, type ResilientFetchConfig } from "./resilient-fetch.js";
import { responseMeta } from "./response-meta.js";

/** The `fetchUrl` of the tag extensions' context, over the client's fetch configuration. */
export function createFetchUrl(
  config: ResilientFetchConfig,
  baseUrl: string,
  headers: HeadersInit,
): TagContext["fetchUrl"] {
  const origin = new URL(baseUrl).origin;
  return async (url, { signal, maxBytes }) => {
    const own = url.origin === origin;
    // Never follow a redirect (the attempt loop refuses every 3xx): fetch would carry
    // D360-API-KEY to wherever it points. A third party gets no client header at all.
    const request = new Request(url, {
      headers: own ? new Headers(headers) : {},
      redirect: "manual",
      ...(signal ? { signal } : {}),
    });
    const fetch = createResilientFetch({ ...config, stream: true, maxResponseSize: maxBytes });
    const response = await fetch(request);
    if (response.ok) return response;
    const text = scrubText(await response.text().catch(() => ""), config.apiKey);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    const meta = responseMeta(response);
    throw createApiError(
      {
        status: response.status,
        statusText: scrubText(cleanStatusText(response.statusText), config.apiKey),
        body: typeof body === "object" && body !== null ? (body as never) : excerpt(text, 1000),
        method: "GET",
        url: url.href,
        attempts: meta.attempts,
        retryAfter: meta.retryAfter,
        request: redactedRequest("GET", url.href, own ? headers : {}, config.redact),
      },
      meta.reason,
    );
  };
}
