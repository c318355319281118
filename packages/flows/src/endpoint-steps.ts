import { readBounded } from "@d360-messaging/keys/internal";
import type { FlowCrypto, GcmSession, HmacSigner } from "./crypto/backend.js";
import { hasDeadline, withDeadline } from "./deadline.js";
import { type DecryptedFlowRequestWithKey, decryptRequest } from "./decrypt.js";
import { encryptReply } from "./encrypt.js";
import { EndpointFailure, STATUS } from "./endpoint-failure.js";
import type {
  FlowEndpointContext,
  FlowEndpointErrorEvent,
  FlowEndpointOptions,
  FlowHandlerResult,
} from "./endpoint-options.js";
import {
  FlowTimeoutError,
  isFlowDecryptionError,
  isFlowTimeoutError,
  isFlowTokenExpiredError,
} from "./errors.js";
import type { KeyPool } from "./key-pool.js";
import type { KeyRing } from "./key-ring.js";
import { importSignatureKeys, verifyWithKeys } from "./signature.js";
import type {
  FlowErrorNotificationPayload,
  FlowHandlerPayload,
  FlowRequestPayload,
} from "./types.js";

// The endpoint's steps as plain functions, in the order a request meets them (endpoint.ts runs
// them). Each returns what the next needs or throws one EndpointFailure naming its code; the
// status for the code comes from the one table in endpoint-failure.ts.

/** The endpoint's settings, checked once at creation, and its state shared by every request. */
export interface EndpointConfig {
  readonly backend: FlowCrypto;
  readonly handle: FlowEndpointOptions["handle"];
  readonly onErrorNotification: FlowEndpointOptions["onErrorNotification"];
  readonly report: (event: FlowEndpointErrorEvent) => void;
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
  readonly ring: KeyRing;
  /** The app secrets' HMAC keys, when signatures are checked. */
  readonly signatures: SignatureKeys | undefined;
  /** Whether a request alone in flight may use the backend's synchronous RSA. */
  readonly syncRsa: boolean;
}

/** The app secrets, imported once as HMAC keys on first use. */
export class SignatureKeys {
  readonly #backend: FlowCrypto;
  readonly #secrets: readonly string[];
  #keys: HmacSigner[] | undefined;
  #loading: Promise<HmacSigner[]> | undefined;

  constructor(backend: FlowCrypto, secrets: readonly string[]) {
    this.#backend = backend;
    this.#secrets = secrets;
  }

  /** The keys, without waiting once they are there. */
  get(): HmacSigner[] | Promise<HmacSigner[]> {
    if (this.#keys !== undefined) return this.#keys;
    this.#loading ??= importSignatureKeys(this.#backend, this.#secrets).then((keys) => {
      this.#keys = keys;
      return keys;
    });
    return this.#loading;
  }
}

// The health check and error notification replies (Meta, "Implementing Endpoint for Flows").
export const PING_REPLY = '{"data":{"status":"active"}}';
export const ACKNOWLEDGED_REPLY = '{"data":{"acknowledged":true}}';
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The context a hook receives; its signal is made only when read. */
function context(
  request: Request,
  signal: () => AbortSignal,
  keyIndex: number,
): FlowEndpointContext {
  return {
    request,
    keyIndex,
    get signal() {
      return signal();
    },
  };
}

/** Whether a decrypted payload is an error notification (`data.error` is a string). */
export function isErrorNotification(payload: FlowRequestPayload): boolean {
  const data = (payload as { data?: unknown }).data;
  return (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { error?: unknown }).error === "string"
  );
}

/** WhatsApp POSTs; anything else is `method-not-allowed`. */
export function checkMethod(request: Request): void {
  if (request.method !== "POST") {
    throw new EndpointFailure(
      "method-not-allowed",
      `Method ${request.method} is not allowed; WhatsApp POSTs`,
    );
  }
}

/** The raw body, at most maxBodyBytes, arrived within the deadline. */
export async function readRequestBody(
  config: EndpointConfig,
  request: Request,
  started: number,
): Promise<Uint8Array> {
  const { maxBodyBytes, timeoutMs } = config;
  let raw: Uint8Array | undefined;
  try {
    raw = await readBounded(
      request.body,
      request.headers.get("content-length"),
      maxBodyBytes,
      // The body must arrive within the deadline too: without this, only the server's own
      // request timeout (300 s in Node) bounds a sender that trickles a body byte by byte.
      hasDeadline(timeoutMs)
        ? {
            timeoutMs: timeoutMs - (Date.now() - started),
            timeoutError: () => new FlowTimeoutError(timeoutMs),
          }
        : {},
    );
  } catch (error) {
    if (isFlowTimeoutError(error)) {
      throw new EndpointFailure(
        "body-timeout",
        `The request body did not arrive within ${timeoutMs} ms`,
        { cause: error },
      );
    }
    throw new EndpointFailure("body-read-failed", "Could not read the request body", {
      cause: error,
    });
  }
  if (raw === undefined) {
    throw new EndpointFailure(
      "payload-too-large",
      `Request body is larger than ${maxBodyBytes} bytes`,
    );
  }
  return raw;
}

/** `X-Hub-Signature-256` verifies over the raw body under one of the app secrets. */
export async function checkSignature(
  signatures: SignatureKeys,
  request: Request,
  raw: Uint8Array,
): Promise<void> {
  const header = request.headers.get("x-hub-signature-256");
  if (header === null) {
    throw new EndpointFailure("missing-signature", "X-Hub-Signature-256 header is missing");
  }
  // Verified before anything is decrypted, never alongside: running the RSA-OAEP decryption
  // on unauthenticated input would let anyone time its outcome (a Manger-style oracle).
  if (!(await verifyWithKeys(raw, header, await signatures.get()))) {
    throw new EndpointFailure("invalid-signature", "X-Hub-Signature-256 does not match the body");
  }
}

/** The private keys, imported on first use; a failure is `private-key-import-failed`. */
export async function loadKeys(ring: KeyRing): Promise<KeyPool[]> {
  try {
    return ring.pools ?? (await ring.load());
  } catch (error) {
    throw new EndpointFailure(
      "private-key-import-failed",
      "The private key could not be imported",
      { cause: error },
    );
  }
}

/**
 * The decrypted request. A FlowDecryptionError becomes the failure of its reason; anything else
 * (not a bad request but a fault) goes on as it is, to become `internal-error`.
 */
export async function decrypt(
  config: EndpointConfig,
  raw: Uint8Array,
  pools: readonly KeyPool[],
  alone: boolean,
): Promise<DecryptedFlowRequestWithKey> {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new EndpointFailure("malformed-request", "Request body is not UTF-8");
  }
  try {
    return await decryptRequest(config.backend, text, (encryptedKey) =>
      config.ring.unwrap(pools, encryptedKey, alone && config.syncRsa),
    );
  } catch (error) {
    if (isFlowDecryptionError(error)) {
      throw new EndpointFailure(error.reason, error.message, { cause: error });
    }
    throw error;
  }
}

/** Tells onErrorNotification, if set; a throw is reported and the notification acknowledged. */
export async function notify(
  config: EndpointConfig,
  request: Request,
  payload: FlowRequestPayload,
  keyIndex: number,
  started: number,
): Promise<void> {
  const { onErrorNotification } = config;
  if (onErrorNotification === undefined) return;
  const notification = payload as unknown as FlowErrorNotificationPayload;
  try {
    await withDeadline(
      config.timeoutMs,
      (signal) => onErrorNotification(notification, context(request, signal, keyIndex)),
      started,
    );
  } catch (error) {
    const code = "error-notification-hook-failed";
    config.report({
      status: STATUS[code],
      code,
      message: "onErrorNotification threw; acknowledged anyway",
      error,
      request,
    });
  }
}

/** handle's reply, within what is left of the deadline. */
export async function runHandler(
  config: EndpointConfig,
  request: Request,
  payload: FlowRequestPayload,
  keyIndex: number,
  started: number,
): Promise<FlowHandlerResult> {
  try {
    return await withDeadline(
      config.timeoutMs,
      (signal) => config.handle(payload as FlowHandlerPayload, context(request, signal, keyIndex)),
      started,
    );
  } catch (error) {
    if (isFlowTokenExpiredError(error)) {
      throw new EndpointFailure(
        "flow-token-expired",
        "handle reported that the flow token is no longer valid",
        { cause: error, errorMsg: error.errorMsg },
      );
    }
    if (error instanceof FlowTimeoutError) {
      throw new EndpointFailure("handler-timeout", error.message, { cause: error });
    }
    throw new EndpointFailure("handler-failed", "handle threw", { cause: error });
  }
}

/** The encrypted reply; only a reply of handle can be unserialisable. */
export async function encrypt(
  result: FlowHandlerResult,
  session: GcmSession,
  iv: Uint8Array,
  fromHandler: boolean,
): Promise<string> {
  try {
    return await encryptReply(result, session, iv);
  } catch (error) {
    // The endpoint's own replies are fixed text, so a failure there is a fault, not handle's.
    throw fromHandler
      ? new EndpointFailure(
          "invalid-handler-response",
          "The reply of handle could not be encrypted",
          { cause: error },
        )
      : error;
  }
}
