// A small hierarchy: FlowError is the base, each subclass carries what a caller needs to act.
// No error built here stores a key, an app secret, a passphrase or a decrypted byte: messages
// are fixed strings and no `cause` is attached where the underlying error could quote input
// (a JSON SyntaxError quotes the text it failed on, which here would be plaintext).

/** Base class of every error this package throws on purpose. */
export class FlowError extends Error {
  /** Always `"FlowError"`; the guards match on it across realms. */
  override name = "FlowError";
}

/**
 * Why a request could not be decrypted.
 *
 * - `malformed-request`: the body is not a JSON object with the three string fields
 *   `encrypted_flow_data`, `encrypted_aes_key` and `initial_vector` (HTTP 400).
 * - `invalid-base64`: one of the three fields is not standard padded base64 (421).
 * - `invalid-iv-length`: `initial_vector` is not 16 bytes (421).
 * - `aes-key-decryption-failed`: RSA-OAEP (SHA-256) decryption of `encrypted_aes_key` failed,
 *   usually because the request was encrypted to another public key (421).
 * - `invalid-aes-key-length`: the AES key decrypted to something other than 16 bytes (421).
 * - `authentication-failed`: the AES-GCM tag did not verify; the data, IV or key was altered (421).
 * - `invalid-payload`: the plaintext is not UTF-8 JSON of an object with a string `action` (421).
 */
export type FlowDecryptionFailure =
  | "malformed-request"
  | "invalid-base64"
  | "invalid-iv-length"
  | "aes-key-decryption-failed"
  | "invalid-aes-key-length"
  | "authentication-failed"
  | "invalid-payload";

const DECRYPTION_MESSAGES: Record<FlowDecryptionFailure, string> = {
  "malformed-request":
    "Flow request body must be a JSON object with string fields encrypted_flow_data, encrypted_aes_key and initial_vector",
  "invalid-base64": "Flow request field is not valid base64",
  "invalid-iv-length": "Flow request initial_vector must decode to 16 bytes",
  "aes-key-decryption-failed":
    "Could not decrypt encrypted_aes_key with the private key (RSA-OAEP, SHA-256); was the request encrypted to the public key that belongs to it?",
  "invalid-aes-key-length": "Flow request AES key must decrypt to 16 bytes (AES-128)",
  "authentication-failed":
    "AES-GCM authentication of encrypted_flow_data failed; the data, IV or key was altered",
  "invalid-payload": "Decrypted flow data is not a UTF-8 JSON object with a string action",
};

/**
 * The request could not be decrypted into a flow payload. `reason` says which step failed and
 * `status` is the HTTP status the endpoint answers with: 400 for a body that is not a Flows
 * request at all, 421 for everything after that, which makes WhatsApp re-fetch the business
 * public key and retry (Meta, "Implementing Endpoint for Flows", endpoint error codes).
 */
export class FlowDecryptionError extends FlowError {
  /** Always `"FlowDecryptionError"`; the guards match on it across realms. */
  override name = "FlowDecryptionError";
  /** Which step failed. */
  readonly reason: FlowDecryptionFailure;
  /** The HTTP status an endpoint should answer with: 400 or 421. */
  readonly status: 400 | 421;

  constructor(reason: FlowDecryptionFailure, options?: ErrorOptions) {
    super(DECRYPTION_MESSAGES[reason], options);
    this.reason = reason;
    this.status = reason === "malformed-request" ? 400 : 421;
  }
}

/**
 * Throw from a `handle` function when the flow token is no longer valid; the endpoint answers
 * 427, and WhatsApp disables the flow for the user and shows `errorMsg` if given (Meta,
 * "Implementing Endpoint for Flows", endpoint error codes).
 *
 * @example
 * if (!sessions.has(payload.flow_token)) throw new FlowTokenExpiredError("This booking has expired.");
 */
export class FlowTokenExpiredError extends FlowError {
  /** Always `"FlowTokenExpiredError"`; the guards match on it across realms. */
  override name = "FlowTokenExpiredError";
  /** Shown to the user by WhatsApp; sent as `{"error_msg": …}` in the 427 body when set. */
  readonly errorMsg: string | undefined;

  constructor(errorMsg?: string, options?: ErrorOptions) {
    super(
      errorMsg === undefined
        ? "Flow token is no longer valid"
        : `Flow token is no longer valid: ${errorMsg}`,
      options,
    );
    this.errorMsg = errorMsg;
  }
}

/**
 * The endpoint gave up waiting for `handle` after `timeoutMs`; WhatsApp allows an endpoint ten
 * seconds, after which a reply is useless.
 */
export class FlowTimeoutError extends FlowError {
  /** Always `"FlowTimeoutError"`; the guards match on it across realms. */
  override name = "FlowTimeoutError";
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`Flow handler did not finish within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

function hasName(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

// The guards match on `name` as well as the class so that they also hold across realms and
// duplicated installs of this package.

/** Whether `error` is any error this package throws on purpose. */
export function isFlowError(error: unknown): error is FlowError {
  return (
    error instanceof FlowError ||
    hasName(error, "FlowError") ||
    isFlowDecryptionError(error) ||
    isFlowTokenExpiredError(error) ||
    isFlowTimeoutError(error)
  );
}

/** Whether `error` is a {@link FlowDecryptionError}. */
export function isFlowDecryptionError(error: unknown): error is FlowDecryptionError {
  return error instanceof FlowDecryptionError || hasName(error, "FlowDecryptionError");
}

/** Whether `error` is a {@link FlowTokenExpiredError}. */
export function isFlowTokenExpiredError(error: unknown): error is FlowTokenExpiredError {
  return error instanceof FlowTokenExpiredError || hasName(error, "FlowTokenExpiredError");
}

/** Whether `error` is a {@link FlowTimeoutError}. */
export function isFlowTimeoutError(error: unknown): error is FlowTimeoutError {
  return error instanceof FlowTimeoutError || hasName(error, "FlowTimeoutError");
}
