import { importPrivateKey } from "@d360-messaging/keys";
import { readBody } from "./body.js";
import { withDeadline } from "./deadline.js";
import { assertDecryptionKey, decryptRequest } from "./decrypt.js";
import { encryptReply } from "./encrypt.js";
import type {
  FlowEndpointErrorCode,
  FlowEndpointOptions,
  FlowHandlerResult,
} from "./endpoint-options.js";
import { FlowTimeoutError, isFlowDecryptionError, isFlowTokenExpiredError } from "./errors.js";
import { KeyPool, privateKeyCopies } from "./key-pool.js";
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

/** A response with a short, generic body: status answers never echo the request or a secret. */
function plain(status: number, text: string, headers?: Record<string, string>): Response {
  return new Response(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
  });
}

function isErrorNotification(payload: FlowRequestPayload): boolean {
  const data = (payload as { data?: unknown }).data;
  return (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { error?: unknown }).error === "string"
  );
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
 * The private key is imported on the first request and the result is kept: a key that cannot be
 * imported gives every request a 500 (code `private-key-import-failed` to `onError`) rather than a
 * 421, which would only make WhatsApp re-fetch a public key that is not at fault. After that first
 * import succeeds, up to three more imports of the same key follow in the background, one at a
 * time (none on workerd), because Node runs the RSA operations on one CryptoKey one at a time; a
 * CryptoKey passed in already set up for RSA-OAEP/SHA-256 is used alone.
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
  if (typeof handle !== "function")
    throw new TypeError("createFlowEndpoint: handle must be a function");
  if (!(maxBodyBytes >= 0)) throw new RangeError("createFlowEndpoint: maxBodyBytes must be >= 0");
  // Only 0 and Infinity turn the deadline off; a negative or NaN value would do so silently.
  if (!(timeoutMs >= 0)) throw new RangeError("createFlowEndpoint: timeoutMs must be >= 0");
  // Checked now: a missing secret is a configuration error, not something to find per request.
  const secrets = appSecret === undefined ? undefined : appSecretList(appSecret);

  // One import per endpoint, shared by concurrent first requests; a failure is kept too, since
  // the same input fails the same way and re-running a passphrase KDF per request is the cost
  // this endpoint exists to avoid. Once loaded, the keys are also kept as plain values, so that
  // a request does not wait on a settled promise for them.
  const importOptions = passphrase === undefined ? {} : { passphrase };
  let privateKeys: KeyPool | undefined;
  let privateKeysLoading: Promise<KeyPool> | undefined;
  // Further imports of the same key, so that decryptions in flight run in parallel (key-pool.ts).
  // They start after the first import has succeeded and run one after another, so that neither
  // the first request nor the requests meanwhile wait for more than one key derivation; one that
  // fails only leaves the pool smaller.
  const addCopies = async (pool: KeyPool) => {
    for (let i = 1; i < privateKeyCopies(); i++) {
      try {
        // importPrivateKey returns RSA-OAEP/SHA-256 decrypt keys only; the first key is checked
        // below in case a duplicated install of keys hands back something else.
        pool.add(await importPrivateKey(keyInput, importOptions));
      } catch {
        return;
      }
    }
  };
  const loadPrivateKeys = () => {
    privateKeysLoading ??= importPrivateKey(keyInput, importOptions).then((key) => {
      assertDecryptionKey(key);
      const pool = new KeyPool(key);
      privateKeys = pool;
      void addCopies(pool);
      return pool;
    });
    return privateKeysLoading;
  };
  let signatureKeys: CryptoKey[] | undefined;
  let signatureKeysLoading: Promise<CryptoKey[]> | undefined;
  const loadSignatureKeys = (list: readonly string[]) => {
    signatureKeysLoading ??= importSignatureKeys(list).then((keys) => {
      signatureKeys = keys;
      return keys;
    });
    return signatureKeysLoading;
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
      onError(
        error === undefined
          ? { status, code, message, request }
          : { status, code, message, error, request },
      );
    } catch {
      // A logging hook must not turn an answer into a crash.
    }
  };

  const respond = async (request: Request): Promise<Response> => {
    if (request.method !== "POST") {
      report(
        request,
        405,
        "method-not-allowed",
        `Method ${request.method} is not allowed; WhatsApp POSTs`,
      );
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
      report(
        request,
        413,
        "payload-too-large",
        `Request body is larger than ${maxBodyBytes} bytes`,
      );
      return plain(413, "Payload Too Large");
    }

    if (secrets !== undefined) {
      const header = request.headers.get("x-hub-signature-256");
      if (header === null) {
        report(request, 432, "missing-signature", "X-Hub-Signature-256 header is missing");
        return plain(432, "Invalid Signature");
      }
      const keys = signatureKeys ?? (await loadSignatureKeys(secrets));
      // Verified before anything is decrypted, never alongside: running the RSA-OAEP decryption
      // on unauthenticated input would let anyone time its outcome (a Manger-style oracle).
      if (!(await verifyWithKeys(raw, header, keys))) {
        report(request, 432, "invalid-signature", "X-Hub-Signature-256 does not match the body");
        return plain(432, "Invalid Signature");
      }
    }

    let keys: KeyPool;
    try {
      keys = privateKeys ?? (await loadPrivateKeys());
    } catch (error) {
      report(
        request,
        500,
        "private-key-import-failed",
        "The private key could not be imported",
        error,
      );
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
    const key = keys.acquire();
    try {
      decrypted = await decryptRequest(text, key);
    } catch (error) {
      if (isFlowDecryptionError(error)) {
        report(request, error.status, error.reason, error.message, error);
        return plain(error.status, error.status === 400 ? "Bad Request" : "Misdirected Request");
      }
      throw error;
    } finally {
      keys.release(key);
    }
    const { payload, aesCryptoKey, iv } = decrypted;
    const reply = (body: FlowHandlerResult) =>
      encryptReply(body, aesCryptoKey, iv).then(
        (encrypted) =>
          new Response(encrypted, { status: 200, headers: { "Content-Type": "text/plain" } }),
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
          report(
            request,
            200,
            "error-notification-hook-failed",
            "onErrorNotification threw; acknowledged anyway",
            error,
          );
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
        report(
          request,
          427,
          "flow-token-expired",
          "handle reported that the flow token is no longer valid",
          error,
        );
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
      report(
        request,
        500,
        "invalid-handler-response",
        "The reply of handle could not be encrypted",
        error,
      );
      return plain(500, "Internal Server Error");
    }
  };

  const crashed = (request: Request, error: unknown) => {
    report(request, 500, "internal-error", "Unexpected failure while answering", error);
    return plain(500, "Internal Server Error");
  };
  // respond is async, so that even a synchronous throw in it arrives here as a rejection.
  return (request) => respond(request).catch((error: unknown) => crashed(request, error));
}
