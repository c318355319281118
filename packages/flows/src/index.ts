/**
 * WhatsApp Flows data channel: decrypt endpoint requests, encrypt replies, verify request
 * signatures, check and decrypt uploaded media, and a ready fetch handler for Node, Deno, Bun and
 * Cloudflare Workers. This is the web build (WebCrypto only); Node resolves the package to
 * index.node.ts, which has the same exports.
 *
 * @packageDocumentation
 */

export { decryptFlowRequest } from "./decrypt.js";
export { encryptFlowResponse } from "./encrypt.js";
export { createFlowEndpoint } from "./endpoint.js";
export type {
  FlowEndpoint,
  FlowEndpointContext,
  FlowEndpointErrorCode,
  FlowEndpointErrorEvent,
  FlowEndpointOptions,
  FlowHandlerResult,
} from "./endpoint-options.js";
export type { FlowDecryptionFailure, FlowMediaErrorCode } from "./errors.js";
export {
  FlowDecryptionError,
  FlowError,
  FlowMediaError,
  FlowTimeoutError,
  FlowTokenExpiredError,
  isFlowDecryptionError,
  isFlowError,
  isFlowMediaError,
  isFlowTimeoutError,
  isFlowTokenExpiredError,
} from "./errors.js";
export type { PrivateKeyInput } from "./key-ring.js";
export type {
  DownloadFlowMediaOptions,
  FlowMedia,
  FlowMediaEncryptionMetadata,
} from "./media.js";
export {
  DEFAULT_MAX_MEDIA_BYTES,
  DEFAULT_MEDIA_TIMEOUT_MS,
  decryptFlowMedia,
  downloadFlowMedia,
} from "./media.js";
export type {
  FlowCompletionReply,
  FlowRoute,
  FlowRouteReply,
  FlowRoutes,
  FlowScreenReply,
  FlowScreens,
} from "./router.js";
export { completeFlow, createFlowRouter, FlowRouteNotFoundError } from "./router.js";
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
// Deliberately internal: the base64 codec, flipIv, the crypto backends (crypto/), the *Using
// functions that take one, and the endpoint's steps and key ring; the public functions above
// cover the same ground.
