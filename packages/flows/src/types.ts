// Shapes of the Flows data channel, after decryption. Field names and meanings follow Meta's
// "Implementing Endpoint for Flows" guide (data exchange request, health check request, error
// notification request, and the response payloads).

/** The request body WhatsApp POSTs to a Flows endpoint; all three fields are base64. */
export interface EncryptedFlowRequest {
  /** AES-128-GCM ciphertext of the payload with the 16-byte tag appended. */
  encrypted_flow_data: string;
  /** The 16-byte AES key, RSA-OAEP (SHA-256) encrypted to the business public key. */
  encrypted_aes_key: string;
  /** The 16-byte GCM initialisation vector. */
  initial_vector: string;
}

/** Fields every decrypted request may carry. */
interface FlowPayloadBase {
  /** Data API version of the request, e.g. `"3.0"`. */
  version: string;
  /** The token the business set when it sent the flow. */
  flow_token?: string;
  /** Signature of `flow_token`, sent by newer data API versions. */
  flow_token_signature?: string;
}

/** The health check WhatsApp sends; the endpoint answers it itself. */
export interface FlowPingPayload extends FlowPayloadBase {
  /** A health check: is the endpoint up and can it decrypt? */
  action: "ping";
}

/** Sent when the user opens a flow whose first screen needs data. */
export interface FlowInitPayload extends FlowPayloadBase {
  /** The flow was opened. */
  action: "INIT";
  /** Usually absent or empty for INIT. */
  screen?: string;
  /** Usually absent for INIT. */
  data?: Record<string, unknown>;
}

/** Sent when the user presses back on a screen with `refresh_on_back`. */
export interface FlowBackPayload extends FlowPayloadBase {
  /** The user went back to a screen that refreshes on back. */
  action: "BACK";
  /** The screen the user goes back to. */
  screen?: string;
  /** Usually absent for BACK. */
  data?: Record<string, unknown>;
}

/** Sent by a `data_exchange` action on a screen, with the screen's submitted data. */
export interface FlowDataExchangePayload extends FlowPayloadBase {
  /** A screen's `data_exchange` action fired. */
  action: "data_exchange";
  /** The screen that triggered the request. */
  screen: string;
  /** What the screen's action sends, as declared in the Flow JSON. */
  data: Record<string, unknown>;
}

/** A decrypted Flows request, told apart by `action`. */
export type FlowRequestPayload =
  | FlowPingPayload
  | FlowInitPayload
  | FlowBackPayload
  | FlowDataExchangePayload;

/**
 * What a `handle` function receives: every request except `ping` and error notifications,
 * which the endpoint answers itself.
 */
export type FlowHandlerPayload = Exclude<FlowRequestPayload, FlowPingPayload>;

/**
 * The notification WhatsApp sends after the client could not use an endpoint's previous reply
 * (for example a screen name that does not exist); the endpoint acknowledges it itself.
 */
export interface FlowErrorNotificationPayload extends FlowPayloadBase {
  /** The action of the request whose reply could not be used. */
  action: Exclude<FlowRequestPayload["action"], "ping">;
  /** The screen the user was on. */
  screen?: string;
  /** What went wrong. */
  data: {
    /** A short error key, e.g. `"invalid-screen-transition"`. */
    error: string;
    /** A description of the error. */
    error_message?: string;
    [key: string]: unknown;
  };
}

/**
 * A reply to a Flows request. To show a screen: `{ screen, data }` (with `data.error_message`
 * to show an error on it); to finish the flow: `{ screen: "SUCCESS", data:
 * { extension_message_response: { params: { flow_token, … } } } }`.
 */
export interface FlowResponse {
  /** Data API version; WhatsApp ignores it in replies but older examples send it. */
  version?: string;
  /** The screen to show next. */
  screen?: string;
  /** The data the screen declares, or the completion payload. */
  data: Record<string, unknown>;
}

/** A decrypted request together with what is needed to encrypt its reply. */
export interface DecryptedFlowRequest {
  /** The decrypted request. */
  payload: FlowRequestPayload;
  /** The 16-byte AES-128 key of this request; secret, used once for the reply. */
  aesKey: Uint8Array;
  /** The 16-byte request IV; the reply uses it with every byte flipped. */
  iv: Uint8Array;
  /** Which of the private keys opened the request: 0 for the first (current) one. */
  keyIndex: number;
}
