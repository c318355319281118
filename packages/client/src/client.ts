import type { paths } from "@d360-messaging/types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { API_KEY_HEADER } from "./errors/redact.js";
import { createRequestFactory } from "./fetch/request-factory.js";
import { createResilientFetch, type ResilientFetchConfig } from "./fetch/resilient-fetch.js";
import { createNamespaces } from "./generated/methods.js";
import type { Namespaces } from "./generated/namespaces.js";
import { DEFAULT_BASE_URL } from "./generated/operations.js";
import { createCaller } from "./operation/call.js";
import type { D360ClientOptions, FetchLike } from "./options.js";
import { resolveRetry } from "./retry/policy.js";
import { USER_AGENT, userAgentHeader } from "./user-agent.js";

/**
 * The client: openapi-fetch's typed client for the whole spec (`GET`, `POST`, `request`, `use`,
 * `eject`, …, with openapi-fetch's `{ data, error, response }` results), plus one namespace per
 * spec tag with a generated method per operation (`client.encryption.getBusinessPublicKey`),
 * which resolves with the success body and throws `ApiError` otherwise.
 */
export type D360Client = Client<paths> & Namespaces;

type Init = { middleware?: unknown; fetch?: FetchLike; [key: string]: unknown } | undefined;

/**
 * Create a client for 360dialog's Messaging API. Every request carries the `D360-API-KEY`
 * header and a `User-Agent` naming the client and spec versions, and goes through one fetch
 * wrapper that retries transient failures and enforces timeouts.
 *
 * @param options - `apiKey` is required; see {@link D360ClientOptions} for the rest
 * @throws {TypeError} when `apiKey` is missing, empty or contains CR, LF or NUL (the key is
 *   never echoed), or `baseUrl` is not an absolute URL
 * @throws {RangeError} for a negative or non-integer timeout or retry setting
 *
 * @example
 * ```ts
 * import { createD360Client } from "@d360-messaging/client";
 *
 * const client = createD360Client({ apiKey: process.env.D360_API_KEY ?? "" });
 * const info = await client.encryption.getBusinessPublicKey();
 * // or the typed generic call:
 * const { data, error } = await client.GET("/whatsapp_business_encryption");
 * ```
 */
export function createD360Client(options: D360ClientOptions): D360Client {
  const { apiKey, fetch } = options ?? {};
  // No message here may contain the key: it would end up in logs.
  if (typeof apiKey !== "string" || !/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(apiKey)) {
    throw new TypeError(
      `createD360Client: apiKey ${
        typeof apiKey !== "string" || !apiKey.trim()
          ? "is required (your channel's D360-API-KEY)"
          : /[\r\n\0]/.test(apiKey)
            ? "contains CR, LF or NUL: check how it was read"
            : "has surrounding spaces or non-ASCII characters"
      } (not shown)`,
    );
  }
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!isPlainHttpUrl(baseUrl)) {
    // Echoed only when it cannot hold a credential (`user:password@`).
    throw new TypeError(
      `createD360Client: baseUrl must be an absolute http(s) URL without credentials, query or fragment, got ${
        baseUrl.includes("@") ? "a value with '@' (not shown)" : `"${baseUrl}"`
      }`,
    );
  }
  const config: ResilientFetchConfig = {
    fetch,
    policy: resolveRetry(options.retry),
    timeout: milliseconds(options.timeout ?? 10_000, "timeout"),
    totalTimeout: milliseconds(options.totalTimeout ?? false, "totalTimeout"),
    baseUrl,
    apiKey,
  };
  // Computed once; openapi-fetch merges it into each request. `D360-API-KEY` always comes from
  // `apiKey`, the user's headers may replace the User-Agent.
  // Lower-case keys throughout, as Headers#forEach gives the user's: one entry per header.
  const headers: Record<string, string> = { [userAgentHeader().toLowerCase()]: USER_AGENT };
  new Headers(options.headers).forEach((value, name) => {
    headers[name] = value;
  });
  delete headers["d360-api-key"];
  headers[API_KEY_HEADER] = apiKey;

  const mode = { customFetch: fetch !== undefined, middleware: false };
  const core = createClient<paths>({
    baseUrl,
    headers,
    fetch: createResilientFetch(config) as FetchLike,
    Request: createRequestFactory(mode),
  });
  // A per-call `middleware` must see real Requests, and a per-call `fetch` would replace the
  // wrapper: give both the plain Request and the same retries and timeouts.
  const perCall = (init: Init): Init =>
    init?.middleware || init?.fetch
      ? {
          ...init,
          Request,
          fetch: init.fetch && createResilientFetch({ ...config, fetch: init.fetch }),
        }
      : init;
  const request = core.request as (method: string, url: string, init: Init) => Promise<unknown>;
  const client: Record<string, unknown> = {
    request: (method: string, url: string, init: Init) => request(method, url, perCall(init)),
    use(...middleware: Middleware[]) {
      core.use(...middleware);
      // From now on openapi-fetch builds real Requests for the middleware to see (even after
      // `eject`: cheaper than tracking the list, and only the fast path is lost).
      mode.middleware = true;
    },
    eject: core.eject,
    ...createNamespaces(createCaller(core, { baseUrl, headers, apiKey })),
  };
  for (const method of [
    "GET",
    "PUT",
    "POST",
    "DELETE",
    "OPTIONS",
    "HEAD",
    "PATCH",
    "TRACE",
  ] as const) {
    const send = core[method] as (url: string, init: Init) => Promise<unknown>;
    client[method] = (url: string, init: Init) => send(url, perCall(init));
  }
  return client as unknown as D360Client;
}

function milliseconds(value: number | false, name: string): number {
  // setTimeout's limit: a larger delay fires at once.
  if (value === false || (Number.isInteger(value) && value > 0 && value < 2 ** 31))
    return value || 0;
  throw new RangeError(
    `createD360Client: ${name} must be a positive integer (ms) or false, got ${value}`,
  );
}

/** An http(s) URL that `new URL` accepts, with no credentials, query or fragment to append paths to. */
function isPlainHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      /^https?:\/\/[^/]/.test(value) && !(url.username || url.password || url.search || url.hash)
    );
  } catch {
    return false;
  }
}
