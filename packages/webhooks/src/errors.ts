import { brand, isBranded } from "@d360-messaging/keys/internal";

// The house pattern (ARCHITECTURE, "Errors"): a base class with `override name`, subclasses
// carrying what a caller needs, guards matching a `Symbol.for` brand plus `name`, so they hold
// across realms and duplicated installs. No error here stores a secret or a request body:
// messages are fixed strings, and no `cause` is attached that could quote the body (a JSON
// SyntaxError quotes the text it failed on).
const BRAND = "@d360-messaging/webhooks.error";

/** Base class of every error this package throws on purpose. */
export class WebhookError extends Error {
  /** `"WebhookError"`, or the subclass's name; the guards match on it across realms. */
  override name = "WebhookError";

  /**
   * @param message - what happened and what to do
   * @param options - `cause`, never one that could quote a secret or the body
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    brand(this, BRAND);
  }
}

/** The handlers did not finish within `timeoutMs`; the request was answered with 503. */
export class WebhookTimeoutError extends WebhookError {
  /** Always `"WebhookTimeoutError"`. */
  override name = "WebhookTimeoutError";
  /** The deadline that ran out, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(
      `Webhook handlers did not finish within ${timeoutMs} ms; answered 503 so that the sender redelivers (raise timeoutMs, or use ack: "immediately" for slow work)`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The Node adapter found the request body already read, usually by a JSON body parser mounted
 * before it (`express.json()`, Fastify's parser); the signature is over the raw bytes, so the
 * webhook cannot be verified.
 */
export class WebhookBodyConsumedError extends WebhookError {
  /** Always `"WebhookBodyConsumedError"`. */
  override name = "WebhookBodyConsumedError";

  constructor() {
    super(
      "The request body was already read (a JSON body parser mounted before the webhook route?); mount the webhook handler before express.json() or register it in Fastify's onRequest hook",
    );
  }
}

/** Whether `value` is any error of this package (from any realm or copy). */
export function isWebhookError(value: unknown): value is WebhookError {
  return isBranded(value, BRAND);
}

/** Whether `value` is a {@link WebhookTimeoutError} (from any realm or copy). */
export function isWebhookTimeoutError(value: unknown): value is WebhookTimeoutError {
  return isBranded(value, BRAND, "WebhookTimeoutError");
}

/** Whether `value` is a {@link WebhookBodyConsumedError} (from any realm or copy). */
export function isWebhookBodyConsumedError(value: unknown): value is WebhookBodyConsumedError {
  return isBranded(value, BRAND, "WebhookBodyConsumedError");
}
