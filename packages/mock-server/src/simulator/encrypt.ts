import { aesGcmEncrypt } from "./aes-gcm.js";
import { copy, randomBytes, toBase64, utf8 } from "./bytes.js";
import type { EncryptedFlowRequest, FlowRequestPayload } from "./payload.js";
import { type FlowPublicKey, importFlowPublicKey } from "./public-key.js";

/** Options of {@link encryptFlowRequest}. */
export interface EncryptFlowRequestOptions {
  /**
   * The AES key; WhatsApp uses 16 random bytes (AES-128). Fix it for
   * deterministic tests; a 24- or 32-byte key tests an endpoint's length check.
   * @default 16 random bytes
   * @example
   * encryptFlowRequest(payload, pem, { aesKey: new Uint8Array(16) });
   */
  aesKey?: Uint8Array;
  /**
   * The AES-GCM IV; WhatsApp uses 16 random bytes (not GCM's usual 12).
   * @default 16 random bytes
   * @example
   * encryptFlowRequest(payload, pem, { iv: new Uint8Array(16).fill(1) });
   */
  iv?: Uint8Array;
}

/** An encrypted request, with the secrets a test needs to decrypt the reply. */
export interface EncryptedFlowRequestResult {
  /** The JSON body to POST. */
  body: EncryptedFlowRequest;
  /** The AES key used (also the reply's key). */
  aesKey: Uint8Array;
  /** The request IV (the reply uses it inverted). */
  iv: Uint8Array;
}

/**
 * Encrypt a Flows request as WhatsApp does: the plaintext (an object as JSON,
 * a string or bytes as given) under AES-128-GCM with a fresh key and 16-byte
 * IV, and that key wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256, empty label)
 * under the business public key.
 *
 * @example
 * const { body, aesKey, iv } = await encryptFlowRequest({ version: "3.0", action: "ping" }, publicKeyPem);
 */
export async function encryptFlowRequest(
  payload: FlowRequestPayload | string | Uint8Array,
  publicKey: FlowPublicKey,
  options: EncryptFlowRequestOptions = {},
): Promise<EncryptedFlowRequestResult> {
  const plaintext =
    payload instanceof Uint8Array
      ? payload
      : utf8(typeof payload === "string" ? payload : JSON.stringify(payload));
  const aesKey = copy(options.aesKey ?? randomBytes(16));
  const iv = copy(options.iv ?? randomBytes(16));
  const rsa = await importFlowPublicKey(publicKey);
  const wrappedKey = new Uint8Array(await crypto.subtle.encrypt({ name: "RSA-OAEP" }, rsa, aesKey));
  const sealed = await aesGcmEncrypt(aesKey, iv, plaintext);
  return {
    body: {
      encrypted_flow_data: toBase64(sealed),
      encrypted_aes_key: toBase64(wrappedKey),
      initial_vector: toBase64(iv),
    },
    aesKey,
    iv,
  };
}
