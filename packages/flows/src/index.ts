/**
 * WhatsApp Flows data channel on WebCrypto: decrypt endpoint requests, encrypt replies, verify
 * request signatures, and a ready fetch handler for Node, Deno, Bun and Cloudflare Workers.
 *
 * @packageDocumentation
 */

export { decryptFlowRequest } from "./decrypt.js";
export { encryptFlowResponse } from "./encrypt.js";
export { createFlowEndpoint } from "./endpoint.js";
export type {
  FlowEndpointContext,
  FlowEndpointErrorCode,
  FlowEndpointErrorEvent,
  FlowEndpointOptions,
  FlowHandlerResult,
} from "./endpoint-options.js";
export type { FlowDecryptionFailure } from "./errors.js";
export {
  FlowDecryptionError,
  FlowError,
  FlowTimeoutError,
  FlowTokenExpiredError,
  isFlowDecryptionError,
  isFlowError,
  isFlowTimeoutError,
  isFlowTokenExpiredError,
} from "./errors.js";
export { verifyFlowSignature } from "./signature.js";
export type {
  DecryptedFlowRequest,
  EncryptedFlowRequest,
  FlowBackPayload,
  FlowDataExchangePayload,
  FlowErrorNotificationPayload,
  FlowHandlerPayload,
  FlowInitPayload,
  FlowPingPayload,
  FlowRequestPayload,
  FlowResponse,
} from "./types.js";
// Deliberately internal: base64 codec, flipIv, and the key-reusing decryptRequest/encryptReply/
// verifyWithKeys that createFlowEndpoint uses; the public functions above cover the same ground.
