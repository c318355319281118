import { API_KEY_HEADER } from "@d360-messaging/keys/internal/redact";
import type { paths } from "@d360-messaging/types";
import createClient, { type Client, type HeadersOptions, mergeHeaders } from "openapi-fetch";
import { optionError } from "./check.js";
import { MediaError } from "./errors/MediaError.js";
import { createResilientFetch, type ResilientFetchConfig } from "./fetch/resilient-fetch.js";
import { createNamespaces } from "./generated/methods.js";
import type { Namespaces } from "./generated/namespaces.js";
import { DEFAULT_BASE_URL, OPERATIONS } from "./generated/operations.js";
import { createCaller } from "./operation/call.js";
import { safePathSerializer } from "./operation/path.js";
import { responseError } from "./operation/response-error.js";
import type { D360ClientOptions, FetchLike } from "./options.js";
import { count, MAX_TIMER, resolveRetry } from "./retry/policy.js";
import { USER_AGENT, userAgentHeader } from "./user-agent.js";

/**
 * The client: openapi-fetch's typed client for the whole spec (`GET`, `POST`, `request`, `use`,
 * `eject`, …, with openapi-fetch's `{ data, error, response }` results), plus one namespace per
 * spec tag with a generated method per operation (`client.encryption.getBusinessPublicKey`),
 * which resolves with the success body and throws `ApiError` otherwise.
 */
export type D360Client = Client<paths> & Namespaces;

type Init =
  | {
      fetch?: FetchLike;
      parseAs?: string;
      pathSerializer?: (pathname: string, params: Record<string, unknown>) => string;
      [key: string]: unknown;
    }
  | undefined;

/**
 * Create a client for 360dialog's Messaging API. Every request carries the `D360-API-KEY`
 * header and a `User-Agent` naming the client and spec versions, and goes through one fetch
 * wrapper that retries transient failures, enforces timeouts, bounds response bodies and never
 * follows a redirect. Every other option is openapi-fetch's and is passed to it as is.
 *
 * @param options - `apiKey` is required; see {@link D360ClientOptions} for the rest
 * @throws {TypeError} when `apiKey` is missing, empty or contains CR, LF or NUL (the key is
 *   never echoed), `baseUrl` is not an absolute URL, or `redirect` is given
 * @throws {TypeError} for a timeout, size or retry setting of the wrong type (a string `"200"`
 *   from an environment variable is refused, never read as "no limit")
 * @throws {RangeError} for an out-of-range timeout, size or retry setting
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
  const {
    apiKey,
    baseUrl: base,
    headers: userHeaders,
    fetch,
    retry,
    timeout,
    totalTimeout,
    maxResponseSize,
    hooks,
    redactHeaders,
    pathSerializer,
    ...openapiFetchOptions
  } = options ?? ({} as D360ClientOptions);
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
  const baseUrl = (base ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!isPlainHttpUrl(baseUrl)) {
    // Echoed only when it cannot hold a credential (`user:password@`).
    throw new TypeError(
      `createD360Client: baseUrl must be an absolute http(s) URL without credentials, query or fragment, got ${
        baseUrl.includes("@") ? "a value with '@' (not shown)" : `"${baseUrl}"`
      }`,
    );
  }
  if ("redirect" in openapiFetchOptions) {
    throw new TypeError(
      "createD360Client: redirect is not an option: the client never follows redirects",
    );
  }
  const config: ResilientFetchConfig = {
    fetch: check(fetch, "fetch", "a function", (f) => typeof f === "function"),
    policy: resolveRetry(retry),
    timeout: milliseconds(timeout ?? 10_000, "timeout", MAX_TIMER),
    totalTimeout: milliseconds(totalTimeout ?? false, "totalTimeout", MAX_TIMER),
    maxResponseSize: milliseconds(maxResponseSize ?? 10 * 2 ** 20, "maxResponseSize", 2 ** 53 - 1),
    basePath: new URL(baseUrl).pathname.replace(/\/+$/, ""),
    apiKey,
    // Header names are case-insensitive where they are used (Headers).
    redact:
      check(redactHeaders, "redactHeaders", "an array of header names", (names) =>
        names.every((name) => typeof name === "string"),
      ) ?? [],
    hooks: check(hooks, "hooks", "an object of arrays of functions", (lists) =>
      Object.values(lists).every((list: unknown[]) =>
        list.every((hook) => typeof hook === "function"),
      ),
    ),
  };
  const headers = clientHeaders(userHeaders, apiKey);
  const core = createClient<paths>({
    ...openapiFetchOptions,
    baseUrl,
    headers,
    fetch: createResilientFetch(config) as FetchLike,
    pathSerializer: safePathSerializer(pathSerializer),
    // Never follow: a redirect to another host would carry D360-API-KEY there (fetch strips
    // only `Authorization`). The wrapper turns any redirect into an ApiError.
    redirect: "manual",
  });
  const perCall = (init: Init): Init => {
    if (!init?.fetch && init?.parseAs !== "stream" && !init?.pathSerializer) return init;
    // A per-call `fetch` would replace the wrapper: give it the same retries and timeouts. A
    // stream is passed on as it arrives rather than read inside the attempt.
    const stream = init.parseAs === "stream";
    const own =
      init.fetch || stream
        ? createResilientFetch({ ...config, fetch: init.fetch ?? config.fetch, stream })
        : undefined;
    return {
      ...init,
      ...(own ? { fetch: own as FetchLike } : {}),
      ...(init.pathSerializer ? { pathSerializer: safePathSerializer(init.pathSerializer) } : {}),
    };
  };
  const request = core.request as (method: string, url: string, init: Init) => Promise<unknown>;
  const send = (method: string, url: string, init: Init) => request(method, url, perCall(init));
  const merged = mergeHeaders(headers);
  const callContext = { baseUrl, headers: merged, apiKey, redact: config.redact };
  const call = createCaller({ request: send }, callContext);
  const client: Record<string, unknown> = {
    request: send,
    use: core.use,
    eject: core.eject,
    ...createNamespaces(call, {
      call,
      operations: OPERATIONS,
      transport: { config, callContext, createResilientFetch, responseError },
      fail: MediaError,
    }),
  };
  // openapi-fetch's method functions (GET, PUT, POST, …, TRACE): upper-case keys.
  for (const [method, call] of Object.entries(core)) {
    if (/^[A-Z]+$/.test(method)) {
      client[method] = (url: string, init: Init) =>
        (call as (url: string, init: Init) => Promise<unknown>)(url, perCall(init));
    }
  }
  return client as unknown as D360Client;
}

/**
 * The client-level headers, in openapi-fetch's own form so that its rules apply: `null` unsets,
 * `undefined` is skipped, an array is appended value by value. Lower-case names, so that the
 * user's `User-Agent` (or `null`) replaces ours; `D360-API-KEY` always comes from `apiKey`.
 */
function clientHeaders(
  user: HeadersOptions | undefined,
  apiKey: string,
): Record<string, string | number | boolean | (string | number | boolean)[] | null | undefined> {
  const headers: ReturnType<typeof clientHeaders> = {
    [userAgentHeader().toLowerCase()]: USER_AGENT,
  };
  if (user instanceof Headers || Array.isArray(user)) {
    new Headers(user).forEach((value, name) => {
      headers[name] = value;
    });
  } else if (user) {
    for (const [name, value] of Object.entries(user)) headers[name.toLowerCase()] = value;
  }
  headers[API_KEY_HEADER.toLowerCase()] = apiKey;
  return headers;
}

/**
 * A positive whole number of milliseconds (or bytes) up to `max`, or `false` for none (0).
 * Timers: `max` is setTimeout's limit, since a larger delay fires at once.
 */
function milliseconds(value: number | false, name: string, max: number): number {
  if (value === false) return 0;
  if (count(value, name, max) > 0) return value;
  throw new RangeError(
    `createD360Client: ${name} must be an integer from 1 to ${max}, or false, got 0`,
  );
}

/** An http(s) URL that `new URL` accepts, with no credentials, query or fragment to append paths to. */
function isPlainHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      /^https?:\/\/[^/?#]+(?:\/[^?#]*)?$/.test(value) &&
      !(url.username || url.password || url.search || url.hash)
    );
  } catch {
    return false;
  }
}

/** `value` when it is undefined or passes `test`, else the option's TypeError. */
function check<T>(value: T | undefined, name: string, what: string, test: (value: T) => boolean) {
  try {
    if (value === undefined || test(value)) return value;
  } catch {}
  throw optionError(name, what, value);
}
