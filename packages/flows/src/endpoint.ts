import { readBounded } from "@d360-messaging/keys/internal";
import type { FlowCrypto, GcmSession, HmacSigner } from "./crypto/backend.js";
import { webCrypto } from "./crypto/web.js";
import { checkTimeoutMs, hasDeadline, isThenable, withDeadline } from "./deadline.js";
import { type DecryptedFlowRequestWithKey, decryptRequest } from "./decrypt.js";
import { encryptReply } from "./encrypt.js";
import { EndpointFailure, failureResponse } from "./endpoint-failure.js";
import type {
  FlowEndpoint,
  FlowEndpointContext,
  FlowEndpointErrorCode,
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
import { KeyRing, keyInputs } from "./key-ring.js";
import { appSecretList, importSignatureKeys, verifyWithKeys } from "./signature.js";
import type {
  FlowErrorNotificationPayload,
  FlowHandlerPayload,
  FlowRequestPayload,
} from "./types.js";

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
// The health check and error notification replies (Meta, "Implementing Endpoint for Flows").
const PING_REPLY = '{"data":{"status":"active"}}';
const ACKNOWLEDGED_REPLY = '{"data":{"acknowledged":true}}';
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function isErrorNotification(payload: FlowRequestPayload): boolean {
  const data = (payload as { data?: unknown }).data;
  return (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { error?: unknown }).error === "string"
  );
}

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

/** Options beside the public ones, for the bench: how the Node build runs RSA. */
export interface EndpointInternals {
  /**
   * `auto`: node:crypto's synchronous RSA when no other request is in flight, the threadpool
   * otherwise (where the backend has it); `pool`: always the threadpool.
   */
  rsa?: "auto" | "pool";
}

/** createFlowEndpoint on a given backend; each build exports it bound to its own. */
export function createFlowEndpointUsing(
  backend: FlowCrypto,
  options: FlowEndpointOptions,
  internals: EndpointInternals = {},
): FlowEndpoint {
  const {
    privateKey,
    passphrase,
    appSecret,
    handle,
    onErrorNotification,
    onError,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  } = options;
  if (typeof handle !== "function")
    throw new TypeError("createFlowEndpoint: handle must be a function");
  if (!(maxBodyBytes >= 0)) throw new RangeError("createFlowEndpoint: maxBodyBytes must be >= 0");
  checkTimeoutMs(timeoutMs, "createFlowEndpoint");
  // Checked now: a missing secret or key is a configuration error, not something to find per
  // request.
  const secrets = appSecret === undefined ? undefined : appSecretList(appSecret);
  const ring = new KeyRing(backend, keyInputs(privateKey, passphrase));
  const syncRsa = internals.rsa !== "pool";
  let inFlight = 0;

  let signers: HmacSigner[] | undefined;
  let signersLoading: Promise<HmacSigner[]> | undefined;
  const loadSigners = (list: readonly string[]) => {
    signersLoading ??= importSignatureKeys(backend, list).then((loaded) => {
      signers = loaded;
      return loaded;
    });
    return signersLoading;
  };

  const report = (event: FlowEndpointErrorEvent) => {
    if (onError === undefined) return;
    try {
      // Never awaited: a logging hook cannot hold up an answer. A promise it returns anyway is
      // given a handler, so that its rejection cannot become an unhandled rejection (which
      // ends a Node process).
      const returned: unknown = onError(event);
      if (isThenable(returned)) returned.then(undefined, () => {});
    } catch {
      // A logging hook must not turn an answer into a crash.
    }
  };

  // --- the steps; each returns what the next needs or throws one EndpointFailure ---

  const checkMethod = (request: Request) => {
    if (request.method !== "POST") {
      throw new EndpointFailure(
        405,
        "method-not-allowed",
        `Method ${request.method} is not allowed; WhatsApp POSTs`,
      );
    }
  };

  const readRequestBody = async (request: Request, started: number): Promise<Uint8Array> => {
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
          408,
          "body-timeout",
          `The request body did not arrive within ${timeoutMs} ms`,
          { cause: error },
        );
      }
      throw new EndpointFailure(400, "body-read-failed", "Could not read the request body", {
        cause: error,
      });
    }
    if (raw === undefined) {
      throw new EndpointFailure(
        413,
        "payload-too-large",
        `Request body is larger than ${maxBodyBytes} bytes`,
      );
    }
    return raw;
  };

  const checkSignature = async (request: Request, raw: Uint8Array, list: readonly string[]) => {
    const header = request.headers.get("x-hub-signature-256");
    if (header === null) {
      throw new EndpointFailure(432, "missing-signature", "X-Hub-Signature-256 header is missing");
    }
    // Verified before anything is decrypted, never alongside: running the RSA-OAEP decryption
    // on unauthenticated input would let anyone time its outcome (a Manger-style oracle).
    if (!(await verifyWithKeys(raw, header, signers ?? (await loadSigners(list))))) {
      throw new EndpointFailure(
        432,
        "invalid-signature",
        "X-Hub-Signature-256 does not match the body",
      );
    }
  };

  const loadKeys = async (): Promise<KeyPool[]> => {
    try {
      return ring.pools ?? (await ring.load());
    } catch (error) {
      // 500, not 421: a 421 would only make WhatsApp re-fetch a public key that is not at fault.
      throw new EndpointFailure(
        500,
        "private-key-import-failed",
        "The private key could not be imported",
        { cause: error },
      );
    }
  };

  const decrypt = async (
    raw: Uint8Array,
    pools: readonly KeyPool[],
  ): Promise<DecryptedFlowRequestWithKey> => {
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      throw new EndpointFailure(400, "malformed-request", "Request body is not UTF-8");
    }
    const alone = syncRsa && inFlight === 1;
    try {
      return await decryptRequest(backend, text, (encryptedKey) =>
        ring.unwrap(pools, encryptedKey, alone),
      );
    } catch (error) {
      if (isFlowDecryptionError(error)) {
        throw new EndpointFailure(error.status, error.reason, error.message, { cause: error });
      }
      throw error;
    }
  };

  const notify = async (
    request: Request,
    payload: FlowRequestPayload,
    keyIndex: number,
    started: number,
  ) => {
    if (onErrorNotification === undefined) return;
    const notification = payload as unknown as FlowErrorNotificationPayload;
    try {
      await withDeadline(
        timeoutMs,
        (signal) => onErrorNotification(notification, context(request, signal, keyIndex)),
        started,
      );
    } catch (error) {
      // Acknowledged anyway: WhatsApp only needs to know the notification arrived.
      report({
        status: 200,
        code: "error-notification-hook-failed",
        message: "onErrorNotification threw; acknowledged anyway",
        error,
        request,
      });
    }
  };

  const runHandler = async (
    request: Request,
    payload: FlowRequestPayload,
    keyIndex: number,
    started: number,
  ): Promise<FlowHandlerResult> => {
    try {
      return await withDeadline(
        timeoutMs,
        (signal) => handle(payload as FlowHandlerPayload, context(request, signal, keyIndex)),
        started,
      );
    } catch (error) {
      if (isFlowTokenExpiredError(error)) {
        throw new EndpointFailure(
          427,
          "flow-token-expired",
          "handle reported that the flow token is no longer valid",
          { cause: error, errorMsg: error.errorMsg },
        );
      }
      if (error instanceof FlowTimeoutError) {
        throw new EndpointFailure(500, "handler-timeout", error.message, { cause: error });
      }
      throw new EndpointFailure(500, "handler-failed", "handle threw", { cause: error });
    }
  };

  const encrypt = async (
    result: FlowHandlerResult,
    session: GcmSession,
    iv: Uint8Array,
    fromHandler: boolean,
  ) => {
    try {
      return await encryptReply(result, session, iv);
    } catch (error) {
      // Only a reply of handle can be unserialisable; the endpoint's own replies are fixed text.
      throw fromHandler
        ? new EndpointFailure(
            500,
            "invalid-handler-response",
            "The reply of handle could not be encrypted",
            { cause: error },
          )
        : error;
    }
  };

  // --- the pipeline ---

  const respond = async (request: Request, started: number): Promise<Response> => {
    checkMethod(request);
    const raw = await readRequestBody(request, started);
    if (secrets !== undefined) await checkSignature(request, raw, secrets);
    const pools = await loadKeys();
    const { payload, iv, keyIndex, session } = await decrypt(raw, pools);
    let result: FlowHandlerResult;
    let fromHandler = false;
    if (payload.action === "ping") {
      result = PING_REPLY;
    } else if (isErrorNotification(payload)) {
      await notify(request, payload, keyIndex, started);
      result = ACKNOWLEDGED_REPLY;
    } else {
      result = await runHandler(request, payload, keyIndex, started);
      fromHandler = true;
    }
    const body = await encrypt(result, session, iv, fromHandler);
    return new Response(body, { status: 200, headers: { "Content-Type": "text/plain" } });
  };

  // The one place where a failure becomes an answer (endpoint-failure.ts has the bodies).
  const answerFailure = (request: Request, error: unknown): Response => {
    const failure =
      error instanceof EndpointFailure
        ? error
        : new EndpointFailure(500, "internal-error", "Unexpected failure while answering", {
            cause: error,
          });
    const code: FlowEndpointErrorCode = failure.code;
    report(
      failure.cause === undefined
        ? { status: failure.status, code, message: failure.message, request }
        : { status: failure.status, code, message: failure.message, error: failure.cause, request },
    );
    return failureResponse(failure);
  };

  const endpoint = ((request: Request) => {
    inFlight++;
    // respond is async, so that even a synchronous throw in it arrives here as a rejection.
    return respond(request, Date.now())
      .catch((error: unknown) => answerFailure(request, error))
      .finally(() => {
        inFlight--;
      });
  }) as FlowEndpoint;
  endpoint.ready = async () => {
    await ring.load();
    if (secrets !== undefined) await loadSigners(secrets);
  };
  return endpoint;
}

/**
 * Creates a WhatsApp Flows endpoint as a standard fetch handler, `(Request) => Promise<Response>`.
 * Export it as is from a Cloudflare Worker, Deno or Bun; on Node, serve it with
 * `@hono/node-server`. Call `ready()` at start-up to import the keys and fail the deployment on
 * a wrong passphrase rather than WhatsApp's first request.
 *
 * Per request: only POST (else 405); body at most `maxBodyBytes` (else 413) and arrived within
 * `timeoutMs` (else 408); with `appSecret`, a valid `X-Hub-Signature-256` over the raw body (else
 * 432); a JSON body with the three string fields (else 400); decryption with the first private
 * key that opens it (any failure 421, so that WhatsApp re-fetches the public key); then `ping`
 * and error notifications are answered by the endpoint itself and everything else by `handle`,
 * whose reply is encrypted and sent as a 200 `text/plain` body. `FlowTokenExpiredError` from
 * `handle` gives 427, any other failure 500. Nothing the request does makes the returned
 * promise reject.
 *
 * The private keys are imported on the first request (or by `ready()`) and the result is kept: a
 * key that cannot be imported gives every request a 500 (code `private-key-import-failed` to
 * `onError`) rather than a 421, which would only make WhatsApp re-fetch a public key that is
 * not at fault. After that first import succeeds, up to three more imports of each key follow in
 * the background, one at a time (none on workerd), because Node runs the RSA operations on one
 * CryptoKey one at a time; a CryptoKey passed in already set up for RSA-OAEP/SHA-256 is used
 * alone.
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
export function createFlowEndpoint(options: FlowEndpointOptions): FlowEndpoint {
  return createFlowEndpointUsing(webCrypto, options);
}
