import { importPrivateKey } from "@d360-messaging/keys";
import { assertDecryptionKey, decryptRequest } from "./decrypt.js";
import { encryptReply } from "./encrypt.js";
import {
  type FlowDecryptionFailure,
  FlowTimeoutError,
  isFlowDecryptionError,
  isFlowTokenExpiredError,
} from "./errors.js";
import { importSignatureKeys, verifyWithKeys } from "./signature.js";
import type {
  FlowErrorNotificationPayload,
  FlowHandlerPayload,
  FlowRequestPayload,
  FlowResponse,
} from "./types.js";

/** What a `handle` function may return: an object is sent as JSON, text and bytes as given. */
export type FlowHandlerResult = FlowResponse | string | Uint8Array;

/** What `handle` and `onErrorNotification` receive beside the payload. */
export interface FlowEndpointContext {
  /** The HTTP request; its body has already been read. */
  request: Request;
  /** Aborted when `timeoutMs` runs out, so that work WhatsApp no longer waits for can stop. */
  signal: AbortSignal;
}

/** Why the endpoint answered something other than a normal 200, as reported to `onError`. */
export type FlowEndpointErrorCode =
  | "method-not-allowed"
  | "payload-too-large"
  | "body-read-failed"
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
   * `importPrivateKey` of `@d360-messaging/keys` accepts. Imported once, on the first request.
   * @example
   * privateKey: process.env.FLOWS_PRIVATE_KEY
   */
  privateKey: string | Uint8Array | JsonWebKey | CryptoKey;
  /**
   * Passphrase of an encrypted private key.
   * @default undefined
   * @example
   * passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE
   */
  passphrase?: string;
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
   * Milliseconds `handle` may take before the endpoint answers 500 and aborts `context.signal`.
   * WhatsApp waits ten seconds for an endpoint, so a later reply is useless. `0` or `Infinity`
   * turns it off.
   * @default 10_000
   * @example
   * timeoutMs: 8_000
   */
  timeoutMs?: number;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
// The health check and error notification replies (Meta, "Implementing Endpoint for Flows").
const PING_REPLY = '{"data":{"status":"active"}}';
const ACKNOWLEDGED_REPLY = '{"data":{"acknowledged":true}}';
const NEVER_ABORTED = new AbortController().signal;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A response with a short, generic body: status answers never echo the request or a secret. */
function plain(status: number, text: string, headers?: Record<string, string>): Response {
  return new Response(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
  });
}

/** Reads at most `limit` bytes of the body; undefined when it is larger. */
async function readBody(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return undefined;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // The declared length may be absent (chunked) or wrong; stop reading, whatever it said.
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function isErrorNotification(payload: FlowRequestPayload): boolean {
  const data = (payload as { data?: unknown }).data;
  return (
    typeof data === "object" && data !== null && typeof (data as { error?: unknown }).error === "string"
  );
}

/** Runs `handle` against the deadline; rejects with FlowTimeoutError when it runs out. */
async function withDeadline<T>(
  timeoutMs: number,
  run: (signal: AbortSignal) => T | Promise<T>,
): Promise<T> {
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) return run(NEVER_ABORTED);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new FlowTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => run(controller.signal)), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates a WhatsApp Flows endpoint as a standard fetch handler, `(Request) => Promise<Response>`.
 * Export it as is from a Cloudflare Worker, Deno or Bun; on Node, serve it with
 * `@hono/node-server`.
 *
 * Per request: only POST (else 405); body at most `maxBodyBytes` (else 413); with `appSecret`, a
 * valid `X-Hub-Signature-256` over the raw body (else 432); a JSON body with the three string
 * fields (else 400); decryption (any failure 421, so that WhatsApp re-fetches the public key);
 * then `ping` and error notifications are answered by the endpoint itself and everything else by
 * `handle`, whose reply is encrypted and sent as a 200 `text/plain` body. `FlowTokenExpiredError`
 * from `handle` gives 427, any other failure 500. Nothing the request does makes the returned
 * promise reject.
 *
 * The private key is imported once, on the first request, and the result is kept: a key that
 * cannot be imported gives every request a 500 (code `private-key-import-failed` to `onError`)
 * rather than a 421, which would only make WhatsApp re-fetch a public key that is not at fault.
 *
 * @example
 * export default {
 *   fetch: createFlowEndpoint({
 *     privateKey: env.PRIVATE_KEY,
 *     passphrase: env.PASSPHRASE,
 *     appSecret: env.APP_SECRET,
 *     handle: (payload) => ({ screen: "WELCOME", data: { greeting: "Hello" } }),
 *   }),
 * };
 */
export function createFlowEndpoint(
  options: FlowEndpointOptions,
): (request: Request) => Promise<Response> {
  const {
    privateKey: keyInput,
    passphrase,
    appSecret,
    handle,
    onErrorNotification,
    onError,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  } = options;
  if (typeof handle !== "function") throw new TypeError("createFlowEndpoint: handle must be a function");
  if (!(maxBodyBytes >= 0)) throw new RangeError("createFlowEndpoint: maxBodyBytes must be >= 0");
  if (appSecret !== undefined) {
    const secrets = typeof appSecret === "string" ? [appSecret] : appSecret;
    if (secrets.length === 0 || secrets.some((secret) => typeof secret !== "string" || secret === "")) {
      throw new TypeError("createFlowEndpoint: appSecret must be a non-empty string or array of them");
    }
  }

  // One import per endpoint, shared by concurrent first requests; a failure is kept too, since
  // the same input fails the same way and re-running a passphrase KDF per request is the cost
  // this endpoint exists to avoid.
  let privateKey: Promise<CryptoKey> | undefined;
  const loadPrivateKey = () => {
    privateKey ??= importPrivateKey(keyInput, passphrase === undefined ? {} : { passphrase }).then(
      (key) => {
        assertDecryptionKey(key);
        return key;
      },
    );
    return privateKey;
  };
  let signatureKeys: Promise<CryptoKey[]> | undefined;
  const loadSignatureKeys = (secret: string | readonly string[]) => {
    signatureKeys ??= importSignatureKeys(secret);
    return signatureKeys;
  };

  const report = (
    request: Request,
    status: number,
    code: FlowEndpointErrorCode,
    message: string,
    error?: unknown,
  ) => {
    if (onError === undefined) return;
    try {
      onError(error === undefined ? { status, code, message, request } : { status, code, message, error, request });
    } catch {
      // A logging hook must not turn an answer into a crash.
    }
  };

  const respond = async (request: Request): Promise<Response> => {
    if (request.method !== "POST") {
      report(request, 405, "method-not-allowed", `Method ${request.method} is not allowed; WhatsApp POSTs`);
      return plain(405, "Method Not Allowed", { Allow: "POST" });
    }

    let raw: Uint8Array | undefined;
    try {
      raw = await readBody(request, maxBodyBytes);
    } catch (error) {
      report(request, 400, "body-read-failed", "Could not read the request body", error);
      return plain(400, "Bad Request");
    }
    if (raw === undefined) {
      report(request, 413, "payload-too-large", `Request body is larger than ${maxBodyBytes} bytes`);
      return plain(413, "Payload Too Large");
    }

    if (appSecret !== undefined) {
      const header = request.headers.get("x-hub-signature-256");
      if (header === null) {
        report(request, 432, "missing-signature", "X-Hub-Signature-256 header is missing");
        return plain(432, "Invalid Signature");
      }
      if (!(await verifyWithKeys(raw, header, await loadSignatureKeys(appSecret)))) {
        report(request, 432, "invalid-signature", "X-Hub-Signature-256 does not match the body");
        return plain(432, "Invalid Signature");
      }
    }

    let key: CryptoKey;
    try {
      key = await loadPrivateKey();
    } catch (error) {
      report(request, 500, "private-key-import-failed", "The private key could not be imported", error);
      return plain(500, "Internal Server Error");
    }

    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      report(request, 400, "malformed-request", "Request body is not UTF-8");
      return plain(400, "Bad Request");
    }

    let decrypted: Awaited<ReturnType<typeof decryptRequest>>;
    try {
      decrypted = await decryptRequest(text, key);
    } catch (error) {
      if (isFlowDecryptionError(error)) {
        report(request, error.status, error.reason, error.message, error);
        return plain(error.status, error.status === 400 ? "Bad Request" : "Misdirected Request");
      }
      throw error;
    }
    const { payload, aesCryptoKey, iv } = decrypted;
    const reply = (body: FlowHandlerResult) =>
      encryptReply(body, aesCryptoKey, iv).then(
        (encrypted) => new Response(encrypted, { status: 200, headers: { "Content-Type": "text/plain" } }),
      );

    if (payload.action === "ping") return reply(PING_REPLY);

    if (isErrorNotification(payload)) {
      if (onErrorNotification !== undefined) {
        const notification = payload as unknown as FlowErrorNotificationPayload;
        try {
          await withDeadline(timeoutMs, (signal) =>
            onErrorNotification(notification, { request, signal }),
          );
        } catch (error) {
          report(request, 200, "error-notification-hook-failed", "onErrorNotification threw; acknowledged anyway", error);
        }
      }
      return reply(ACKNOWLEDGED_REPLY);
    }

    let result: FlowHandlerResult;
    try {
      result = await withDeadline(timeoutMs, (signal) =>
        handle(payload as FlowHandlerPayload, { request, signal }),
      );
    } catch (error) {
      if (isFlowTokenExpiredError(error)) {
        report(request, 427, "flow-token-expired", "handle reported that the flow token is no longer valid", error);
        return error.errorMsg === undefined
          ? new Response(null, { status: 427 })
          : Response.json({ error_msg: error.errorMsg }, { status: 427 });
      }
      if (error instanceof FlowTimeoutError) {
        report(request, 500, "handler-timeout", error.message, error);
      } else {
        report(request, 500, "handler-failed", "handle threw", error);
      }
      return plain(500, "Internal Server Error");
    }

    try {
      return await reply(result);
    } catch (error) {
      report(request, 500, "invalid-handler-response", "The reply of handle could not be encrypted", error);
      return plain(500, "Internal Server Error");
    }
  };

  return async (request) => {
    try {
      return await respond(request);
    } catch (error) {
      report(request, 500, "internal-error", "Unexpected failure while answering", error);
      return plain(500, "Internal Server Error");
    }
  };
}
