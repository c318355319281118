import { D360Error, describe, isNamed } from "./D360Error.js";

/** What a {@link NetworkError} carries. */
export interface NetworkErrorFields {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request?: Request | undefined;
}

/**
 * The request failed before any response arrived: DNS, a refused or reset connection, TLS, a
 * proxy dropping the connection. `cause` holds the platform's error (free of the API key).
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
export class NetworkError extends D360Error implements NetworkErrorFields {
  override name = "NetworkError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
  declare readonly request?: Request | undefined;

  /**
   * @param fields - see {@link NetworkErrorFields}
   * @param cause - the platform's error, already scrubbed of the API key
   */
  constructor(fields: NetworkErrorFields, cause: unknown) {
    super(
      `Network error: ${describe(fields.method, fields.url, fields.attempts)}: ${(cause as Error)?.message ?? cause}. Check the network and baseUrl`,
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
 * if (isNetworkError(error)) console.error("offline?", error.cause);
 * ```
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return isNamed(error, "NetworkError");
}
