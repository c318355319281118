/**
 * The decrypted request WhatsApp sends to a Flows endpoint (Flows protocol:
 * `version`, `action`, and per action `screen`, `data`, `flow_token`).
 * Loose on purpose: the simulator also sends what a real client might not.
 */
export interface FlowRequestPayload {
  /** Data API version, e.g. `"3.0"`. */
  version: string;
  /** `ping` (health check), `INIT`, `BACK`, `data_exchange`, or anything a test wants to send. */
  action: "ping" | "INIT" | "BACK" | "data_exchange" | (string & {});
  /** The screen the request comes from (`INIT` and `ping` carry none, or `""`). */
  screen?: string;
  /** Screen data; an error notification carries `error` and `error_message` here. */
  data?: Record<string, unknown>;
  /** The token the business gave when sending the Flow. */
  flow_token?: string;
  /** A signature of the flow token, when WhatsApp sends one. */
  flow_token_signature?: string;
  /** Whatever else a test wants to send. */
  [field: string]: unknown;
}

/** The JSON body WhatsApp POSTs to the endpoint; every field base64. */
export interface EncryptedFlowRequest {
  /** The payload under AES-128-GCM, 16-byte tag appended. */
  encrypted_flow_data: string;
  /** The 16-byte AES key under RSA-OAEP (SHA-256, MGF1-SHA-256) with the business public key. */
  encrypted_aes_key: string;
  /** The 16-byte GCM IV of the request (the reply uses it inverted). */
  initial_vector: string;
}
