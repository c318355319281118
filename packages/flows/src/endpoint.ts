import type { FlowCrypto } from "./crypto/backend.js";
import { webCrypto } from "./crypto/web.js";
import { isThenable } from "./deadline.js";
import { EndpointFailure, failureResponse } from "./endpoint-failure.js";
import type {
  FlowEndpoint,
  FlowEndpointErrorEvent,
  FlowEndpointOptions,
  FlowHandlerResult,
} from "./endpoint-options.js";
import {
  ACKNOWLEDGED_REPLY,
  checkMethod,
  checkSignature,
  decrypt,
  type EndpointConfig,
  encrypt,
  isErrorNotification,
  loadKeys,
  notify,
  PING_REPLY,
  readRequestBody,
  runHandler,
  SignatureKeys,
} from "./endpoint-steps.js";
import { KeyRing, keyInputs } from "./key-ring.js";
import { checkByteLimit, checkTimeoutMs } from "./options-check.js";
import { appSecretList } from "./signature.js";

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Options beside the public ones, for the bench: how the Node build runs RSA. */
export interface EndpointInternals {
  /**
   * `auto`: node:crypto's synchronous RSA when no other request is in flight, the threadpool
   * otherwise (where the backend has it); `pool`: always the threadpool.
   */
  rsa?: "auto" | "pool";
}

/** A logging hook that can neither hold up an answer nor crash the process. */
function reporter(
  onError: FlowEndpointOptions["onError"],
): (event: FlowEndpointErrorEvent) => void {
  return (event) => {
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
}

/** The options checked and resolved; a TypeError or RangeError naming the option that is wrong. */
function configure(
  backend: FlowCrypto,
  options: FlowEndpointOptions,
  internals: EndpointInternals,
): EndpointConfig {
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
  // Checked now: a missing secret or key is a configuration error, not something to find per
  // request.
  return {
    backend,
    handle,
    onErrorNotification,
    report: reporter(onError),
    maxBodyBytes: checkByteLimit(maxBodyBytes, "createFlowEndpoint: maxBodyBytes"),
    timeoutMs: checkTimeoutMs(timeoutMs, "createFlowEndpoint: timeoutMs"),
    ring: new KeyRing(backend, keyInputs(privateKey, passphrase)),
    signatures:
      appSecret === undefined ? undefined : new SignatureKeys(backend, appSecretList(appSecret)),
    syncRsa: internals.rsa !== "pool",
  };
}

/** The steps of endpoint-steps.ts in order: a 200 with the encrypted reply, or a failure thrown. */
async function respond(
  config: EndpointConfig,
  request: Request,
  started: number,
  alone: () => boolean,
): Promise<Response> {
  checkMethod(request);
  const raw = await readRequestBody(config, request, started);
  if (config.signatures !== undefined) await checkSignature(config.signatures, request, raw);
  const pools = await loadKeys(config.ring);
  const { payload, iv, keyIndex, session } = await decrypt(config, raw, pools, alone());
  let result: FlowHandlerResult;
  let fromHandler = false;
  if (payload.action === "ping") {
    result = PING_REPLY;
  } else if (isErrorNotification(payload)) {
    await notify(config, request, payload, keyIndex, started);
    result = ACKNOWLEDGED_REPLY;
  } else {
    result = await runHandler(config, request, payload, keyIndex, started);
    fromHandler = true;
  }
  const body = await encrypt(result, session, iv, fromHandler);
  return new Response(body, { status: 200, headers: { "Content-Type": "text/plain" } });
}

/** The one place where a failure becomes an answer (endpoint-failure.ts has the statuses). */
function answerFailure(config: EndpointConfig, request: Request, error: unknown): Response {
  const failure =
    error instanceof EndpointFailure
      ? error
      : new EndpointFailure("internal-error", "Unexpected failure while answering", {
          cause: error,
        });
  const { status, code, message } = failure;
  config.report(
    failure.cause === undefined
      ? { status, code, message, request }
      : { status, code, message, error: failure.cause, request },
  );
  return failureResponse(failure);
}

/** createFlowEndpoint on a given backend; each build exports it bound to its own. */
export function createFlowEndpointUsing(
  backend: FlowCrypto,
  options: FlowEndpointOptions,
  internals: EndpointInternals = {},
): FlowEndpoint {
  const config = configure(backend, options, internals);
  let inFlight = 0;
  // Asked when the RSA step starts: by then other requests may have come or gone.
  const alone = () => inFlight === 1;
  const endpoint = ((request: Request) => {
    inFlight++;
    // respond is async, so that even a synchronous throw in it arrives here as a rejection.
    return respond(config, request, Date.now(), alone)
      .catch((error: unknown) => answerFailure(config, request, error))
      .finally(() => {
        inFlight--;
      });
  }) as FlowEndpoint;
  endpoint.ready = async () => {
    await config.ring.load();
    if (config.signatures !== undefined) await config.signatures.get();
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
 * key that opens it (else 421, so that WhatsApp re-fetches the public key; a failure of the
 * platform's RSA other than a key that does not open the request is 500); then `ping`
 * and error notifications are answered by the endpoint itself and everything else by `handle`,
 * whose reply is encrypted and sent as a 200 `text/plain` body. `FlowTokenExpiredError` from
 * `handle` gives 427, any other failure 500. Nothing the request does makes the returned
 * promise reject.
 *
 * The private keys are imported on the first request (or by `ready()`) and the result is kept: a
 * key that cannot be imported gives every request a 500 (code `private-key-import-failed` to
 * `onError`) rather than a 421, which would only make WhatsApp re-fetch a public key that is
 * not at fault. Each key is read (and its passphrase derivation run) once; its PKCS#8 bytes then
 * make four non-extractable copies (one on workerd), because Node runs the RSA operations on one
 * CryptoKey one at a time, and on Node the key for node:crypto. A non-extractable CryptoKey
 * passed in cannot be copied and is used alone.
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
