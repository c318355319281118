import type { FlowDecryptionFailure } from "./errors.js";
import type { PrivateKeyInput } from "./key-ring.js";
import type { FlowErrorNotificationPayload, FlowHandlerPayload, FlowResponse } from "./types.js";

/** What a `handle` function may return: an object is sent as JSON, text and bytes as given. */
export type FlowHandlerResult = FlowResponse | string | Uint8Array;

/** What `handle` and `onErrorNotification` receive beside the payload. */
export interface FlowEndpointContext {
  /** The HTTP request; its body has already been read. */
  request: Request;
  /** Aborted when `timeoutMs` runs out, so that work WhatsApp no longer waits for can stop. */
  signal: AbortSignal;
  /**
   * Which of the private keys opened the request: 0 for the first (current) one, 1 for the next.
   * During a key rotation, requests still at 1 mean WhatsApp has not re-fetched the new key yet.
   */
  keyIndex: number;
}

/**
 * What {@link createFlowEndpoint} returns: a standard fetch handler, with `ready()` to import the
 * keys at start-up.
 */
export interface FlowEndpoint {
  (request: Request): Promise<Response>;
  /**
   * Imports every private key (and app secret) now. Call it when the server starts: a wrong
   * passphrase or format then fails the deployment, with the `KeyFormatError` of
   * `@d360-messaging/keys`, instead of answering WhatsApp's first request with a 500.
   * @example
   * const endpoint = createFlowEndpoint({ privateKey, passphrase, handle });
   * await endpoint.ready(); // throws KeyFormatError for a wrong passphrase
   * serve({ fetch: endpoint, port: 3000 });
   */
  ready(): Promise<void>;
}

/** Why the endpoint answered something other than a normal 200, as reported to `onError`. */
export type FlowEndpointErrorCode =
  | "method-not-allowed"
  | "payload-too-large"
  | "body-read-failed"
  | "body-timeout"
  | "missing-signature"
  | "invalid-signature"
  | FlowDecryptionFailure
  | "private-key-import-failed"
  | "flow-token-expired"
  | "handler-failed"
  | "handler-timeout"
  | "invalid-handler-response"
  | "error-notification-hook-failed"
  | "internal-error";

/**
 * One problem, as `onError` receives it. It never holds the private key, passphrase, app secret,
 * AES key or decrypted data; `error` is this package's error, the key import error from
 * `@d360-messaging/keys`, or whatever your own `handle` threw, as is.
 */
export interface FlowEndpointErrorEvent {
  /** The HTTP status the endpoint answered with. */
  status: number;
  /** What went wrong, stable for branching and metrics. */
  code: FlowEndpointErrorCode;
  /** A one-line description for logs. */
  message: string;
  /** The underlying error, where there is one. */
  error?: unknown;
  /** The request being answered. */
  request: Request;
}

/** Options of {@link createFlowEndpoint}. */
export interface FlowEndpointOptions {
  /**
   * The business private key whose public half was uploaded: PEM or DER (PKCS#8 or PKCS#1,
   * encrypted or not), a JWK, or a ready RSA-OAEP SHA-256 `CryptoKey`; anything
   * `importPrivateKey` of `@d360-messaging/keys` accepts. Imported on the first request (or by
   * `ready()`), once, then copied (four non-extractable copies) so that decryptions can run in
   * parallel on Node. During a key rotation, a list with the current key first: a request is
   * opened by the first key that can, and `context.keyIndex` says which.
   * @example
   * privateKey: process.env.FLOWS_PRIVATE_KEY
   * privateKey: [process.env.FLOWS_PRIVATE_KEY_NEW, process.env.FLOWS_PRIVATE_KEY_OLD]
   */
  privateKey: PrivateKeyInput | readonly PrivateKeyInput[];
  /**
   * Passphrase of an encrypted private key; with a list of keys, one string for all of them or a
   * list with one entry per key (`undefined` for an unencrypted one).
   * @default undefined
   * @example
   * passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE
   */
  passphrase?: string | readonly (string | undefined)[];
  /**
   * The Meta app secret; when set, requests whose `X-Hub-Signature-256` does not verify get 432.
   * Pass several during a rotation: any one may match.
   * @default undefined (signatures are not checked)
   * @example
   * appSecret: [process.env.APP_SECRET, process.env.PREVIOUS_APP_SECRET]
   */
  appSecret?: string | readonly string[];
  /**
   * Answers `INIT`, `BACK` and `data_exchange` requests. An object reply is encrypted as its JSON,
   * a string or `Uint8Array` byte for byte. Throw {@link FlowTokenExpiredError} for a token that
   * is no longer valid (427); any other throw gives a 500.
   * @example
   * handle: (payload) => ({ screen: "DETAILS", data: { name: "Ada" } })
   */
  handle: (
    payload: FlowHandlerPayload,
    context: FlowEndpointContext,
  ) => FlowHandlerResult | Promise<FlowHandlerResult>;
  /**
   * Told about error notifications (a request whose `data.error` reports that the client could
   * not use a previous reply) before the endpoint acknowledges them; a throw is reported to
   * `onError` and the notification is acknowledged anyway.
   * @default undefined
   * @example
   * onErrorNotification: (payload) => console.warn("flow error", payload.data.error)
   */
  onErrorNotification?: (
    payload: FlowErrorNotificationPayload,
    context: FlowEndpointContext,
  ) => void | Promise<void>;
  /**
   * Called for every answer other than a normal 200, for logging and metrics. Never receives a
   * secret or decrypted data of its own making; a throw from it is ignored.
   * @default undefined
   * @example
   * onError: ({ status, code, message }) => console.warn(status, code, message)
   */
  onError?: (event: FlowEndpointErrorEvent) => void;
  /**
   * Largest accepted request body in bytes; larger ones get 413 without being read further.
   * A real request is a few kilobytes.
   * @default 1_048_576 (1 MiB)
   * @example
   * maxBodyBytes: 64 * 1024
   */
  maxBodyBytes?: number;
  /**
   * Milliseconds from the request's arrival within which its body must have arrived (else 408)
   * and `handle` must have answered (else 500, and `context.signal` is aborted). WhatsApp waits
   * ten seconds for an endpoint, so a later reply is useless. `0` or `Infinity` turns it off;
   * anything else must be below 2^31 (the largest delay timers keep).
   * @default 10_000
   * @example
   * timeoutMs: 8_000
   */
  timeoutMs?: number;
}
