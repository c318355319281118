import { performance } from "node:perf_hooks";
import {
  type FetchLike,
  isNetworkError,
  isTimeoutError,
  type RetryInfo,
} from "@d360-messaging/client";
import { REDACTED } from "@d360-messaging/keys/internal";
// Node 20's fetch ignores HTTPS_PROXY; undici's ProxyAgent is given to it as the dispatcher, the
// client's own proxy recipe (its README, "Behind a proxy"). Which proxy applies is decided by
// proxy.ts. Node's built-in NODE_USE_ENV_PROXY arrived only in later Node lines.
import { ProxyAgent } from "undici";
import type { Io } from "./io.js";
import { networkCause } from "./network.js";
import { type Output, paint } from "./output.js";
import { proxyFor } from "./proxy.js";

/** A dispatcher for requests to `baseUrl`: through the proxy the environment names for it, if any. */
export function proxyAgent(env: Io["env"], baseUrl: string): ProxyAgent | undefined {
  // A base URL that is not a URL is refused by the client, with its own message.
  if (!URL.canParse(baseUrl)) return undefined;
  const proxy = proxyFor(env, new URL(baseUrl));
  return proxy === undefined ? undefined : new ProxyAgent(proxy.url);
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
