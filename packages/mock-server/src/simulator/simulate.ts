import { MAX_TIMER_MS, numberOption } from "../options.js";
import type { HeadersInit } from "../web-types.js";
import { decryptFlowResponse } from "./decrypt.js";
import { type EncryptedFlowRequestResult, encryptFlowRequest } from "./encrypt.js";
import { FlowEndpointTimeoutError, FlowResponseError } from "./errors.js";
import type { FlowRequestPayload } from "./payload.js";
import type { FlowPublicKey } from "./public-key.js";
import { signFlowBody } from "./sign.js";
import { fetchTransport, type IncomingReply, type Transport } from "./transport.js";

/** Where the simulated WhatsApp sends the request: a URL, or a fetch handler called in process. */
export type FlowEndpointTarget =
  | string
  | URL
  | ((request: Request) => Promise<Response> | Response);

/** Options of {@link simulateFlowRequest}. */
export interface SimulateFlowRequestOptions {
  /**
   * The Flows endpoint: its URL, or a `(Request) => Response` handler.
   * @example
   * simulateFlowRequest({ endpoint: "http://127.0.0.1:8080/flow", publicKey, payload });
   * simulateFlowRequest({ endpoint: createFlowEndpoint({ … }), publicKey, payload });
   */
  endpoint: FlowEndpointTarget;
  /**
   * The business public key WhatsApp encrypts with: PEM, DER or a `CryptoKey`,
   * or a function returning one, standing for WhatsApp's copy of the uploaded
   * key (e.g. `() => mock.getBusinessPublicKey(apiKey)`). When it is a function
   * and the endpoint answers 421, the simulator fetches the key again and
   * re-sends once with a fresh AES key and IV, as WhatsApp does.
   */
  publicKey: FlowPublicKey | (() => FlowPublicKey | undefined | Promise<FlowPublicKey | undefined>);
  /**
   * The decrypted request: an object (sent as JSON), or a string or bytes sent
   * exactly as given (to test how an endpoint handles malformed plaintext).
   * @example
   * { version: "3.0", action: "ping" }
   */
  payload: FlowRequestPayload | string | Uint8Array;
  /**
   * The Meta app secret; when set, the body is signed in `X-Hub-Signature-256`.
   * @default no signature header
   */
  appSecret?: string;
  /** Fixed AES key for the (first) request. @default 16 random bytes */
  aesKey?: Uint8Array;
  /** Fixed IV for the (first) request. @default 16 random bytes */
  iv?: Uint8Array;
  /**
   * Extra request headers, applied last so they can also replace the
   * `X-Hub-Signature-256` or `Content-Type` the simulator sets.
   * @example
   * { "X-Hub-Signature-256": "sha256=00" } // a wrong signature, to see the 432
   */
  headers?: HeadersInit;
  /**
   * The `fetch` used for a URL endpoint instead of the default transport. Note that `fetch`
   * re-sends a request that got 421 once by itself (the Fetch standard says so; Node's fetch
   * does), so the endpoint then sees one request more than `attempts` says.
   * @default node:http in the Node build (exactly one request per attempt), globalThis.fetch
   *   in the web build
   */
  fetch?: typeof fetch;
  /**
   * How long to wait for the endpoint, per attempt, in milliseconds (above 0, up to 2^31 - 1,
   * `setTimeout`'s limit); `false` waits forever.
   * @default 10000 (WhatsApp's limit)
   * @example
   * simulateFlowRequest({ endpoint, publicKey, payload, timeoutMs: 2_000 });
   */
  timeoutMs?: number | false;
}

/** What the simulated WhatsApp got back. */
export interface FlowSimulationResult {
  /** HTTP status of the (last) reply. */
  status: number;
  /** The decrypted reply parsed as JSON; present only for a 200. */
  response?: unknown;
  /** The decrypted reply text, byte for byte; present only for a 200. */
  responseText?: string;
  /** The raw reply body (base64 ciphertext for a 200; e.g. `{"error_msg": …}` for a 427). */
  body: string;
  /** The reply headers. */
  headers: Headers;
  /**
   * Requests sent: 2 when a 421 made the simulator re-fetch the key and retry, as WhatsApp does.
   * In the Node build (node:http) and for an in-process handler, exactly the requests the
   * endpoint received.
   */
  attempts: number;
  /**
   * For a 427: the `error_msg` WhatsApp would show, read from the body whether it came as plain
   * JSON `{"error_msg": …}` (Meta's error-code docs) or encrypted like a 200 reply (Meta's own
   * example endpoint does that).
   */
  errorMsg?: string;
  /** The (last) request as sent, for assertions on the wire format. */
  request: {
    /** The exact JSON body text POSTed (what the signature covers). */
    body: string;
    /** The request headers, `X-Hub-Signature-256` included when signed. */
    headers: Headers;
    /** The AES key the request used. */
    aesKey: Uint8Array;
    /** The request IV. */
    iv: Uint8Array;
  };
}

const HANDLER_URL = "https://flows-endpoint.invalid/";

/**
 * Play WhatsApp's side of one Flows data-exchange request: encrypt `payload`
 * with the business public key, sign it when `appSecret` is set, POST it, and
 * decrypt a 200 reply. Other statuses (421, 427, 432, 500…) are returned as
 * they came, with `response` absent.
 *
 * This is an implementation of the protocol independent of
 * `@d360-messaging/flows`, so a mistake made the same way on both sides
 * cannot pass unnoticed.
 *
 * @throws {FlowResponseError} when a 200 reply cannot be decrypted or is not JSON
 * @throws {FlowEndpointTimeoutError} when the endpoint takes longer than `timeoutMs`
 * @throws {KeyFormatError} when the public key is not a valid RSA public key
 *
 * @example
 * const result = await simulateFlowRequest({
 *   endpoint: "http://127.0.0.1:3000/flow",
 *   publicKey: publicKeyPem,
 *   payload: { version: "3.0", action: "ping" },
 *   appSecret,
 * });
 * result.status;   // 200
 * result.response; // { data: { status: "active" } }
 */
export function simulateFlowRequest(
  options: SimulateFlowRequestOptions,
): Promise<FlowSimulationResult> {
  return simulateFlowRequestUsing(undefined, options);
}

/**
 * simulateFlowRequest with a given default transport for URL endpoints; the Node build passes
 * node:http. Internal.
 */
export async function simulateFlowRequestUsing(
  transport: Transport | undefined,
  options: SimulateFlowRequestOptions,
): Promise<FlowSimulationResult> {
  // Checked before anything is encrypted or sent.
  const timeoutMs = timeoutOf(options.timeoutMs);
  const refetches = typeof options.publicKey === "function";
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const publicKey = await currentKey(options.publicKey);
    // A retry uses fresh randomness, like a new request from WhatsApp.
    const encrypted = await encryptFlowRequest(
      options.payload,
      publicKey,
      attempt === 1 ? { aesKey: options.aesKey, iv: options.iv } : {},
    );
    const result = await send(transport, options, timeoutMs, encrypted, attempt);
    // Flows protocol: on 421 WhatsApp re-fetches the public key and re-sends the request once.
    if (result.status === 421 && refetches && attempt === 1) continue;
    return result;
  }
}

async function currentKey(source: SimulateFlowRequestOptions["publicKey"]): Promise<FlowPublicKey> {
  const key = typeof source === "function" ? await source() : source;
  if (key === undefined) {
    throw new TypeError("publicKey() returned no key: has the business public key been uploaded?");
  }
  return key;
}

/** The `error_msg` of a 427 body, plain JSON or encrypted under the request's key. */
async function errorMessageOf(
  body: string,
  encrypted: EncryptedFlowRequestResult,
): Promise<string | undefined> {
  const read = (text: string) => {
    try {
      const value = JSON.parse(text) as { error_msg?: unknown } | null;
      return typeof value?.error_msg === "string" ? value.error_msg : undefined;
    } catch {
      return undefined;
    }
  };
  const plain = read(body);
  if (plain !== undefined || body === "") return plain;
  try {
    return read(await decryptFlowResponse(body, encrypted.aesKey, encrypted.iv));
  } catch {
    return undefined;
  }
}

async function send(
  transport: Transport | undefined,
  options: SimulateFlowRequestOptions,
  timeoutMs: number | false,
  encrypted: EncryptedFlowRequestResult,
  attempts: number,
): Promise<FlowSimulationResult> {
  const rawBody = JSON.stringify(encrypted.body);
  const headers = new Headers({ "content-type": "application/json" });
  if (options.appSecret !== undefined) {
    headers.set("x-hub-signature-256", await signFlowBody(rawBody, options.appSecret));
  }
  new Headers(options.headers).forEach((value, name) => {
    headers.set(name, value);
  });

  const { endpoint } = options;
  const exchange = async (signal: AbortSignal): Promise<IncomingReply> => {
    const outgoing = { method: "POST", headers, body: rawBody, signal } as const;
    if (typeof endpoint === "function") {
      const reply = await endpoint(new Request(HANDLER_URL, outgoing));
      return { status: reply.status, headers: reply.headers, body: await reply.text() };
    }
    const send =
      options.fetch !== undefined
        ? fetchTransport(options.fetch)
        : (transport ?? fetchTransport(globalThis.fetch));
    return send(endpoint, outgoing);
  };
  const reply = await withTimeout(exchange, timeoutMs);
  const { body } = reply;

  const result: FlowSimulationResult = {
    status: reply.status,
    body,
    headers: reply.headers,
    attempts,
    request: { body: rawBody, headers, aesKey: encrypted.aesKey, iv: encrypted.iv },
  };
  if (reply.status === 427) {
    const errorMsg = await errorMessageOf(body, encrypted);
    if (errorMsg !== undefined) result.errorMsg = errorMsg;
  }
  if (reply.status !== 200) return result;
  const details = { status: reply.status, body, headers: reply.headers };
  try {
    result.responseText = await decryptFlowResponse(body, encrypted.aesKey, encrypted.iv);
  } catch (error) {
    throw new FlowResponseError(
      "The endpoint answered 200 with a body that does not decrypt under the request's AES key and inverted IV",
      details,
      error,
    );
  }
  try {
    result.response = JSON.parse(result.responseText);
  } catch (error) {
    throw new FlowResponseError(
      "The endpoint's decrypted reply is not JSON",
      { ...details, responseText: result.responseText },
      error,
    );
  }
  return result;
}

// A longer timeout would fire at once (setTimeout's limit), failing every request.
function timeoutOf(option: unknown): number | false {
  if (option === undefined) return 10_000;
  if (option === false) return false;
  return numberOption("simulateFlowRequest timeoutMs", option, {
    min: 0,
    exclusive: true,
    max: MAX_TIMER_MS,
  });
}

async function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number | false,
): Promise<T> {
  const controller = new AbortController();
  if (timeoutMs === false) return run(controller.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Abort a URL request too, so nothing keeps running after the verdict.
      controller.abort();
      reject(new FlowEndpointTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
