import { D360Error, describe, isNamed } from "./D360Error.js";

/** What an {@link OutcomeUnknownError} carries. */
export interface OutcomeUnknownErrorFields {
  /** Upper-case HTTP method (`"POST"`). */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** How many requests were made, the first included. */
  readonly attempts: number;
  /**
   * The caller's key for the message: the `biz_opaque_callback_data` it was sent with, which
   * Meta echoes in every status webhook for that message; `undefined` when the message had none.
   */
  readonly key: string | undefined;
  /** The message body that was sent (as given: it holds no credential). */
  readonly payload: unknown;
  /** The request, bodiless, with the `D360-API-KEY` header replaced by `[REDACTED]`. */
  readonly request?: Request | undefined;
}

/**
 * A message went out but no answer said whether the API accepted it: the connection was reset or
 * timed out after the body was sent, the response was cut off, or an upstream 5xx answered. The
 * message may or may not reach the recipient, so it is never sent again on its own (that could
 * deliver it twice). `cause` is the underlying {@link NetworkError}, {@link TimeoutError} or
 * {@link ApiError}. Wait for a status webhook carrying `key` in `biz_opaque_callback_data`
 * (`sender.reconcile(status)`) to learn what happened.
 *
 * @example
 * ```ts
 * try {
 *   await client.messages.sendMessage(message);
 * } catch (error) {
 *   if (isOutcomeUnknownError(error)) pending.add(error.key);
 *   else throw error;
 * }
 * ```
 */
export class OutcomeUnknownError extends D360Error implements OutcomeUnknownErrorFields {
  override name = "OutcomeUnknownError";
  /** Always `"outcome_unknown"`: the kind a log or a switch can read. */
  readonly kind: "outcome_unknown" = "outcome_unknown";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
  declare readonly key: string | undefined;
  declare readonly payload: unknown;
  declare readonly request?: Request | undefined;

  /**
   * @param cause - the failure that left the outcome open (a NetworkError, TimeoutError or
   *   ApiError of this client): its `method`, `url`, `attempts` and `request` are copied
   * @param payload - the message body that was sent; its `biz_opaque_callback_data` is the `key`
   */
  constructor(cause: D360Error, payload: unknown) {
    const { method, url, attempts, request } = cause as D360Error & OutcomeUnknownErrorFields;
    const key = (payload as { biz_opaque_callback_data?: unknown } | null)
      ?.biz_opaque_callback_data;
    super(
      `Outcome unknown: ${describe(method, url, attempts)}: ${cause.message}. Not sent again: wait for a status webhook with biz_opaque_callback_data ${key}`,
      { method, url, attempts, request, payload, key: typeof key === "string" ? key : undefined },
      cause,
    );
  }
}

/**
 * Whether `error` is an {@link OutcomeUnknownError}, also across realms and duplicated installs.
 *
 * @example
 * ```ts
 * if (isOutcomeUnknownError(error)) await waitForStatus(error.key);
 * ```
 */
export function isOutcomeUnknownError(error: unknown): error is OutcomeUnknownError {
  return isNamed(error, "OutcomeUnknownError");
}
