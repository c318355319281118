// A GET of a URL the API handed out (a media file), loaded with the first download: the same
// attempt loop as every operation, the body streamed and bounded as it flows, no redirect
// followed (the loop refuses every 3xx), and the client's headers, API key included, only for
// the client's own origin: a URL of any other origin is fetched with none of them.
import type { createResilientFetch, ResilientFetchConfig } from "../fetch/resilient-fetch.js";
import type { OperationSpec } from "../operation/call.js";
import type { responseError } from "../operation/response-error.js";
import type { CallContext } from "../operation/spec.js";

/** What the fetch needs from the entry (passed in as `TagContext.transport`: see lazy.ts). */
export interface FetchUrlDeps {
  config: ResilientFetchConfig;
  /** The client's base URL and headers (API key included). */
  callContext: CallContext;
  createResilientFetch: typeof createResilientFetch;
  responseError: typeof responseError;
}

/** Resolves with a success response (its body unread); an error status is an `ApiError`. */
export async function fetchUrl(
  deps: FetchUrlDeps,
  url: URL,
  { signal, maxBytes }: { signal?: AbortSignal | undefined; maxBytes: number },
): Promise<Response> {
  const own = url.origin === new URL(deps.callContext.baseUrl).origin;
  const response = await deps.createResilientFetch({
    ...deps.config,
    stream: true,
    maxResponseSize: maxBytes,
  })(
    new Request(url, {
      headers: own ? deps.callContext.headers : {},
      redirect: "manual",
      signal: signal ?? null,
    }),
  );
  if (response.ok) return response;
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  throw deps.responseError({
    context: deps.callContext,
    operation: { method: "GET", path: url.pathname } as OperationSpec,
    url: url.href,
    response,
    parsed,
    expected: undefined,
  });
}
