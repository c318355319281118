import type { paths } from "@d360-messaging/types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { createEncryptionApi, type EncryptionApi } from "./encryption.js";
import { API_KEY_HEADER } from "./errors/redact.js";
import { createRequestFactory } from "./fetch/request-factory.js";
import { createResilientFetch, type ResilientFetchConfig } from "./fetch/resilient-fetch.js";
import { DEFAULT_BASE_URL } from "./generated/operations.js";
import type { D360ClientOptions, FetchLike } from "./options.js";
import { resolveRetry } from "./retry/policy.js";
import { USER_AGENT, userAgentHeader } from "./user-agent.js";

/**
 * The client: openapi-fetch's typed client for the whole spec (`GET`, `POST`, `request`, `use`,
 * `eject`, …, with openapi-fetch's `{ data, error, response }` results), plus one namespace per
 * spec tag with a method per operation.
 */
export type D360Client = Client<paths> & {
  /** The Encryption endpoints: `getBusinessPublicKey`, `setBusinessPublicKey`. */
  readonly encryption: EncryptionApi;
};

type Init = { middleware?: unknown; fetch?: FetchLike; [key: string]: unknown } | undefined;
type Send = (url: string, init?: Init) => Promise<unknown>;

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

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
  const apiKey = checkApiKey(options?.apiKey);
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const timeout = milliseconds(options.timeout ?? 10_000, "timeout");
  const totalTimeout = milliseconds(options.totalTimeout ?? false, "totalTimeout");
  const headers = buildHeaders(apiKey, options.headers);
  const config: ResilientFetchConfig = {
    fetch: options.fetch,
    policy: resolveRetry(options.retry),
    timeout,
    totalTimeout,
    baseUrl,
    apiKey,
  };
  const middleware: Middleware[] = [];
  const core = createClient<paths>({
    baseUrl,
    headers,
    fetch: createResilientFetch(config) as FetchLike,
    Request: createRequestFactory({
      customFetch: options.fetch !== undefined,
      usesSignal: timeout !== 0 || totalTimeout !== 0,
      middleware,
    }),
  });

  // A per-call `middleware` must see real Requests, and a per-call `fetch` would replace the
  // wrapper: give both the plain Request and the same retries and timeouts.
  const perCall = (init: Init): Init =>
    init === undefined || (init.middleware === undefined && init.fetch === undefined)
      ? init
      : {
          ...init,
          Request,
          fetch: init.fetch && createResilientFetch({ ...config, fetch: init.fetch }),
        };

  const client: Record<string, unknown> = {
    request: (method: string, url: string, init?: Init) =>
      (core.request as (m: string, u: string, i?: Init) => Promise<unknown>)(
        method,
        url,
        perCall(init),
      ),
    use(...added: Middleware[]) {
      core.use(...added);
      for (const m of added) if (m) middleware.push(m);
    },
    eject(...removed: Middleware[]) {
      core.eject(...removed);
      for (const m of removed) {
        const i = middleware.indexOf(m);
        if (i !== -1) middleware.splice(i, 1);
      }
    },
    encryption: createEncryptionApi(core, { baseUrl, headers }),
  };
  for (const method of METHODS) {
    const send = core[method] as Send;
    client[method] = (url: string, init?: Init) => send(url, perCall(init));
  }
  return client as unknown as D360Client;
}

function checkApiKey(apiKey: unknown): string {
  // No message here may contain the key: it would end up in logs.
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new TypeError(
      "createD360Client: apiKey is required: pass the D360-API-KEY of your channel, e.g. process.env.D360_API_KEY",
    );
  }
  if (/[\r\n\0]/.test(apiKey)) {
    throw new TypeError(
      "createD360Client: apiKey contains a line break (CR or LF) or NUL, which would break the D360-API-KEY header; check how the key was read (a trailing newline from a file?)",
    );
  }
  if (!/^[\x20-\x7e]+$/.test(apiKey) || apiKey !== apiKey.trim()) {
    throw new TypeError(
      "createD360Client: apiKey has surrounding whitespace or characters other than printable ASCII; copy it again from the 360dialog hub",
    );
  }
  return apiKey;
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  if (url === undefined || !/^https?:$/.test(url.protocol)) {
    throw new TypeError(
      `createD360Client: baseUrl must be an absolute http(s) URL such as ${DEFAULT_BASE_URL}, got "${String(baseUrl).slice(0, 100)}"`,
    );
  }
  return baseUrl.replace(/\/+$/, "");
}

function milliseconds(value: number | false, name: string): number {
  if (value === false) return 0;
  // setTimeout's limit: a larger delay would fire at once.
  if (!(Number.isInteger(value) && value > 0 && value <= 2_147_483_647)) {
    throw new RangeError(
      `createD360Client: ${name} must be a positive integer of milliseconds or false, got ${value}`,
    );
  }
  return value;
}

/** Computed once per client; openapi-fetch merges it into each request. */
function buildHeaders(apiKey: string, extra: HeadersInit | undefined): Record<string, string> {
  const headers: Record<string, string> = { [userAgentHeader().toLowerCase()]: USER_AGENT };
  if (extra !== undefined) {
    new Headers(extra).forEach((value, name) => {
      headers[name] = value;
    });
  }
  delete headers[API_KEY_HEADER.toLowerCase()];
  headers[API_KEY_HEADER] = apiKey;
  return headers;
}
