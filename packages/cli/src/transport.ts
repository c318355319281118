import { performance } from "node:perf_hooks";
import {
  type FetchLike,
  isNetworkError,
  isTimeoutError,
  type RetryInfo,
} from "@d360-messaging/client";
import { REDACTED } from "@d360-messaging/keys/internal";
// Node 20's fetch ignores HTTPS_PROXY; undici's EnvHttpProxyAgent reads HTTP_PROXY, HTTPS_PROXY
// and NO_PROXY and is given to it as the dispatcher: the client's own proxy recipe (its README,
// "Behind a proxy"). Node's built-in NODE_USE_ENV_PROXY arrived only in later Node lines.
import { EnvHttpProxyAgent } from "undici";
import type { Io } from "./io.js";
import { networkCause } from "./network.js";
import { type Output, paint } from "./output.js";

function proxyVariables(env: Io["env"]) {
  const pick = (name: string) => env[name] || env[name.toLowerCase()] || undefined;
  return {
    httpProxy: pick("HTTP_PROXY"),
    httpsProxy: pick("HTTPS_PROXY"),
    noProxy: pick("NO_PROXY"),
  };
}

/**
 * The proxy as it may be shown: scheme, host and port, never credentials (`user:pass@`).
 * `undefined` when no proxy variable is set.
 */
export function proxyShown(env: Io["env"]): string | undefined {
  const { httpProxy, httpsProxy } = proxyVariables(env);
  const raw = httpsProxy ?? httpProxy;
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "(the value of HTTPS_PROXY / HTTP_PROXY, which is not a URL)";
  }
}

/** A dispatcher honouring HTTPS_PROXY / HTTP_PROXY / NO_PROXY of `env`, when a proxy is set. */
export function proxyAgent(env: Io["env"]): EnvHttpProxyAgent | undefined {
  const variables = proxyVariables(env);
  if (variables.httpProxy === undefined && variables.httpsProxy === undefined) return undefined;
  // Given explicitly, so that --env-file and an injected io are honoured, not only process.env.
  return new EnvHttpProxyAgent({
    ...(variables.httpProxy === undefined ? {} : { httpProxy: variables.httpProxy }),
    ...(variables.httpsProxy === undefined ? {} : { httpsProxy: variables.httpsProxy }),
    noProxy: variables.noProxy ?? "",
  });
}

/** The cause a platform error names by its `code` (ECONNREFUSED), for the verbose line. */
function platformCode(error: unknown): string {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (typeof e.code === "string") return e.code;
    e = typeof e.cause === "object" ? (e.cause as { code?: unknown; cause?: unknown }) : undefined;
  }
  return error instanceof Error ? error.name : "error";
}

/**
 * `--verbose`: the platform fetch, with one stderr line per attempt: method, URL, status and
 * time. The request carries the API key in its `D360-API-KEY` header; the line shows the
 * header's name with `[REDACTED]`, never its value.
 */
export function verboseFetch(out: Output): FetchLike {
  let count = 0;
  return async (request, init) => {
    const number = ++count;
    const start = performance.now();
    const took = () => `${Math.round(performance.now() - start)} ms`;
    const line = `${request.method} ${request.url} (D360-API-KEY: ${REDACTED})`;
    try {
      const response = await fetch(request, init);
      // The reason phrase is the server's text: escaped by out.err like everything else.
      out.err([
        paint("dim", `request ${number}:`),
        ` ${line} → ${response.status}${response.statusText ? ` ${response.statusText}` : ""} in ${took()}`,
      ]);
      return response;
    } catch (error) {
      out.err([
        paint("dim", `request ${number}:`),
        ` ${line} → no answer (${platformCode(error)}) after ${took()}`,
      ]);
      throw error;
    }
  };
}

/**
 * A progress line before each retry's wait, on stderr when it is a terminal:
 * "360dialog answered 503, retrying in 2 s (attempt 2 of 3)".
 */
export function retryProgress(io: Io, out: Output, attempts: number): (info: RetryInfo) => void {
  return ({ retryCount, delay, response, error }) => {
    if (io.stderrIsTTY !== true) return;
    const why =
      response !== undefined
        ? `360dialog answered ${response.status}`
        : isTimeoutError(error)
          ? `No answer within ${error.timeout / 1000} s`
          : isNetworkError(error)
            ? `No answer (${networkCause(error.code, undefined).short})`
            : "The attempt failed";
    const wait = delay >= 1000 ? `${Math.round(delay / 100) / 10} s` : `${Math.round(delay)} ms`;
    out.err(`${why}, retrying in ${wait} (attempt ${retryCount + 1} of ${attempts})`);
  };
}
