import { brand, isBranded } from "@d360-messaging/keys/internal";

// A small hierarchy: FlowError is the base, each subclass carries what a caller needs to act.
// No error built here stores a key, an app secret, a passphrase or a decrypted byte: messages
// are fixed strings and no `cause` is attached where the underlying error could quote input
// (a JSON SyntaxError quotes the text it failed on, which here would be plaintext).

// The guards match the package's `Symbol.for` brand plus `name` (the pattern of every package
// here, see keys' internal/brand.ts), so they hold across realms and duplicated installs.
const BRAND = "@d360-messaging/flows.error";

/** Base class of every error this package throws on purpose. */
export class FlowError extends Error {
  /** `"FlowError"`, or the subclass's name; the guards match on it across realms. */
  override name = "FlowError";

  /**
   * @param message - what happened and what to do
   * @param options - `cause`, never one that could quote decrypted data or a secret
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    brand(this, BRAND);
  }
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

/**
 * Which step of a media file's download, check or decryption failed (Meta, "Media upload
 * components", decrypting and validating media). Tampering is caught by the first step that
 * covers the tampered part, so several parts share a code:
 *
 * - `invalid-metadata`: a field of `encryption_metadata` (or `cdn_url`) is missing, not
 *   standard base64, or of the wrong length; `field` names it.
 * - `insecure-url`: `cdn_url` (or where a followed redirect led) is plain http and `allowHttp`
 *   is not set.
 * - `redirect-refused`: the CDN answered with a redirect (`status`) and `followRedirects` is not
 *   set.
 * - `download-timeout`: the download took longer than `timeoutMs`.
 * - `download-failed`: the CDN could not be reached or answered other than 2xx (`status`).
 * - `too-large`: the file is larger than `maxBytes`; reading stopped there.
 * - `encrypted-hash-mismatch`: SHA-256 of the file is not `encrypted_hash` (the file or the hash
 *   was altered).
 * - `malformed-file`: too short for the 10-byte HMAC trailer, or a ciphertext that is not whole
 *   16-byte blocks.
 * - `hmac-mismatch`: the first 10 bytes of HMAC-SHA256(`hmac_key`, `iv` ‖ ciphertext) are not the
 *   trailer (the ciphertext, trailer, `iv` or `hmac_key` was altered).
 * - `invalid-padding`: AES-256-CBC decryption left no valid PKCS#7 padding (usually a wrong
 *   `encryption_key`).
 * - `plaintext-hash-mismatch`: SHA-256 of the decrypted file is not `plaintext_hash` (a wrong
 *   `encryption_key` whose padding happened to look valid, or an altered hash).
 */
export type FlowMediaErrorCode =
  | "invalid-metadata"
  | "insecure-url"
  | "redirect-refused"
  | "download-timeout"
  | "download-failed"
  | "too-large"
  | "encrypted-hash-mismatch"
  | "malformed-file"
  | "hmac-mismatch"
  | "invalid-padding"
  | "plaintext-hash-mismatch";

const MEDIA_MESSAGES: Record<FlowMediaErrorCode, string> = {
  "invalid-metadata":
    "Flow media metadata is invalid; pass encryption_metadata as WhatsApp sent it",
  "insecure-url":
    "Flow media cdn_url is plain http; WhatsApp's CDN serves https. Pass allowHttp: true only for a local test server",
  "redirect-refused":
    "The media CDN answered with a redirect, which downloadFlowMedia does not follow unless followRedirects: true",
  "download-timeout":
    "The flow media file did not download within timeoutMs; raise timeoutMs (0 for none) if the file is large and the link slow",
  "download-failed": "Could not download the flow media file from its cdn_url",
  "too-large": "Flow media file is larger than maxBytes",
  "encrypted-hash-mismatch":
    "SHA-256 of the downloaded media file does not match encrypted_hash; the file is not the one WhatsApp described",
  "malformed-file":
    "Flow media file is not ciphertext in whole AES blocks followed by a 10-byte HMAC",
  "hmac-mismatch":
    "HMAC-SHA256 of the media file does not match its 10-byte trailer; the file, iv or hmac_key was altered",
  "invalid-padding":
    "Decrypted media has no valid PKCS#7 padding; is encryption_key the right one?",
  "plaintext-hash-mismatch":
    "SHA-256 of the decrypted media does not match plaintext_hash; is encryption_key the right one?",
};

/** A media file could not be downloaded, checked or decrypted; `code` names the step. */
export class FlowMediaError extends FlowError {
  /** Always `"FlowMediaError"`; the guards match on it across realms. */
  override name = "FlowMediaError";
  /** Which step failed. */
  readonly code: FlowMediaErrorCode;
  /** For `invalid-metadata`: the field at fault, e.g. `"iv"`. */
  readonly field: string | undefined;
  /** For `download-failed` after an HTTP answer: its status. */
  readonly status: number | undefined;

  constructor(
    code: FlowMediaErrorCode,
    details: { field?: string; status?: number; cause?: unknown } = {},
  ) {
    const suffix =
      details.field !== undefined
        ? ` (field ${details.field})`
        : details.status !== undefined
          ? ` (HTTP ${details.status})`
          : "";
    super(
      `${MEDIA_MESSAGES[code]}${suffix}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.code = code;
    this.field = details.field;
    this.status = details.status;
  }
}

/** Whether `error` is any error this package throws on purpose, from any realm or copy. */
export function isFlowError(error: unknown): error is FlowError {
  return error instanceof FlowError || isBranded(error, BRAND);
}

/** Whether `error` is a {@link FlowMediaError}, from any realm or copy. */
export function isFlowMediaError(error: unknown): error is FlowMediaError {
  return error instanceof FlowMediaError || isBranded(error, BRAND, "FlowMediaError");
}

/** Whether `error` is a {@link FlowDecryptionError}, from any realm or copy. */
export function isFlowDecryptionError(error: unknown): error is FlowDecryptionError {
  return error instanceof FlowDecryptionError || isBranded(error, BRAND, "FlowDecryptionError");
}

/** Whether `error` is a {@link FlowTokenExpiredError}, from any realm or copy. */
export function isFlowTokenExpiredError(error: unknown): error is FlowTokenExpiredError {
  return error instanceof FlowTokenExpiredError || isBranded(error, BRAND, "FlowTokenExpiredError");
}

/** Whether `error` is a {@link FlowTimeoutError}, from any realm or copy. */
export function isFlowTimeoutError(error: unknown): error is FlowTimeoutError {
  return error instanceof FlowTimeoutError || isBranded(error, BRAND, "FlowTimeoutError");
}
