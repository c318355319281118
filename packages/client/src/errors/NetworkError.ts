import { D360Error, isNamed } from "./D360Error.js";

/** What a {@link NetworkError} knows. */
export interface NetworkErrorInit {
  /** Upper-case HTTP method. */
  method: string;
  /** The request URL. */
  url: string;
  /** Requests made, the first included. */
  attempts: number;
  /** The platform's error (e.g. `TypeError: fetch failed`), already free of the API key. */
  cause: unknown;
  /** The request, with the API key header replaced by `[REDACTED]`. */
  request?: Request;
}

/**
 * The request failed before any response arrived: DNS, refused or reset connection, TLS, a
 * proxy dropping the connection. `cause` holds the platform's error.
 *
 * @example
 * ```ts
 * try {
 *   await client.encryption.getBusinessPublicKey();
 * } catch (error) {
 *   if (isNetworkError(error)) console.error(error.message, error.cause);
 *   else throw error;
 * }
 * ```
 */
export class NetworkError extends D360Error {
  override name = "NetworkError";
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request: Request | undefined;

  /** @param init - see {@link NetworkErrorInit} */
  constructor(init: NetworkErrorInit) {
    const { method, url, attempts, cause } = init;
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `Network error before any response: ${method} ${url} ` +
        `(after ${attempts} attempt${attempts === 1 ? "" : "s"}): ${detail}. ` +
        "Check the network connection and the baseUrl option",
      { cause },
    );
    this.method = method;
    this.url = url;
    this.attempts = attempts;
    this.request = init.request;
  }

  override toJSON(): Record<string, unknown> {
    const { name, message, method, url, attempts } = this;
    return { name, message, method, url, attempts };
  }
}

/**
 * Whether `error` is a {@link NetworkError}, also across realms and duplicated installs.
 *
 * @example
 * ```ts
 * if (isNetworkError(error)) console.error("offline?", error.cause);
 * ```
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return isNamed(error, "NetworkError");
}
