import { D360Error, describe, isNamed } from "./D360Error.js";

/**
 * What kind of network failure a {@link NetworkError} is, for programs that react to it (a CLI
 * printing advice) without reading messages:
 * - `"connection_refused"`: nothing listens at the host and port (ECONNREFUSED)
 * - `"dns"`: the host name does not resolve (ENOTFOUND, EAI_AGAIN)
 * - `"connection_reset"`: the connection was closed or reset before a response (ECONNRESET, EPIPE, undici's "other side closed")
 * - `"unreachable"`: no route to the host or network (ENETUNREACH, EHOSTUNREACH)
 * - `"tls"`: the TLS handshake or certificate check failed (ERR_TLS_*, CERT_*, self-signed, EPROTO)
 * - `"proxy"`: the HTTP proxy refused or failed the tunnel
 * - `"timeout"`: the platform's own connect/headers/body timeout (ETIMEDOUT, UND_ERR_*_TIMEOUT); the client's `timeout` options give a `TimeoutError` instead
 * - `"body_truncated"`: the response started but its body was cut off
 * - `"other"`: a failure the platform reports without a code (browsers: "Failed to fetch")
 */
export type NetworkErrorCode =
  | "connection_refused"
  | "dns"
  | "connection_reset"
  | "unreachable"
  | "tls"
  | "proxy"
  | "timeout"
  | "body_truncated"
  | "other";

/** What a {@link NetworkError} carries. */
export interface NetworkErrorFields {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** What kind of failure it was; see {@link NetworkErrorCode}. */
  readonly code: NetworkErrorCode;
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request?: Request | undefined;
}

/**
 * The request failed before a whole response arrived: DNS, a refused or reset connection, TLS,
 * a proxy, a body cut off mid-stream. `code` says which; `cause` is a copy of the platform's
 * error (name, message, code, errno, syscall, hostname and their causes), with the API key
 * replaced by `[REDACTED]`.
 *
 * @example
 * ```ts
 * try {
 *   await client.encryption.getBusinessPublicKey();
 * } catch (error) {
 *   if (isNetworkError(error) && error.code === "dns") console.error("Check baseUrl's host");
 *   else throw error;
 * }
 * ```
 */
export class NetworkError extends D360Error implements NetworkErrorFields {
  override name = "NetworkError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
  declare readonly code: NetworkErrorCode;
  declare readonly request?: Request | undefined;

  /**
   * @param fields - see {@link NetworkErrorFields}
   * @param cause - the platform's error, already a scrubbed copy
   */
  constructor(fields: NetworkErrorFields, cause: unknown) {
    super(
      `Network error (${fields.code}): ${describe(fields.method, fields.url, fields.attempts)}: ${(cause as Error)?.message ?? cause}. Check the network and baseUrl`,
      fields,
      cause,
    );
  }
}

/**
 * Whether `error` is a {@link NetworkError}, also across realms and duplicated installs.
 *
 * @example
 * ```ts
 * if (isNetworkError(error)) console.error("offline?", error.code);
 * ```
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return isNamed(error, "NetworkError");
}
