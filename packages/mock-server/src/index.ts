// Public API of @d360-messaging/mock-server, runtime-neutral (Web APIs only).
// `startMockServer` is in the Node build only (index.node.ts): it needs Node's http module.
// The wire types (BusinessEncryptionInfo, ErrorResponse, …) come from @d360-messaging/types.

export type { MockCdn } from "./cdn.js";
export { CDN_PATH } from "./cdn.js";
export type { InvalidApiKeyReason } from "./errors.js";
export {
  ConnectionDroppedError,
  InvalidApiKeyError,
  isConnectionDroppedError,
  isInvalidApiKeyError,
} from "./errors.js";
export type { FaultSpec } from "./faults.js";
export { FaultQueue } from "./faults.js";
export type { MockHandler, MockOptions, SetKeyOptions } from "./handler.js";
export {
  createMockHandler,
  DEFAULT_API_KEY,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_RECORDED_REQUESTS,
  ENCRYPTION_PATH,
} from "./handler.js";
export type { SentMessage, SentMessageListener } from "./messages/events.js";
export { MessageEvents } from "./messages/events.js";
export type {
  CutResponseOptions,
  PairRateLimitOptions,
  ThroughputOptions,
} from "./messages/limits.js";
export {
  DEFAULT_DUPLICATE_WINDOW_MS,
  DEFAULT_MESSAGES_PER_SECOND,
  DEFAULT_PAIR_BURST,
  DEFAULT_PAIR_INTERVAL_MS,
} from "./messages/limits.js";
export type { RateLimitOptions, RateLimitResponse } from "./rate-limit.js";
export type { RecordedRequest } from "./record.js";
// WhatsApp-side simulator: its own crypto on WebCrypto, independent of @d360-messaging/flows.
export { flipIv } from "./simulator/aes-gcm.js";
export { decryptFlowResponse } from "./simulator/decrypt.js";
export type { EncryptedFlowRequestResult, EncryptFlowRequestOptions } from "./simulator/encrypt.js";
export { encryptFlowRequest } from "./simulator/encrypt.js";
export { FlowEndpointTimeoutError, FlowResponseError } from "./simulator/errors.js";
export type {
  EncryptedFlowMedia,
  EncryptFlowMediaOptions,
  FlowMediaMetadata,
} from "./simulator/media.js";
export { encryptFlowMedia } from "./simulator/media.js";
export type { EncryptedFlowRequest, FlowRequestPayload } from "./simulator/payload.js";
export type { FlowPublicKey } from "./simulator/public-key.js";
export { signFlowBody } from "./simulator/sign.js";
export type {
  FlowEndpointTarget,
  FlowSimulationResult,
  SimulateFlowRequestOptions,
} from "./simulator/simulate.js";
export { simulateFlowRequest } from "./simulator/simulate.js";
export type {
  JsonSchema,
  SpecDocument,
  SpecExample,
  SpecMediaType,
  SpecOperation,
  SpecParameter,
  SpecRef,
  SpecRequestBody,
  SpecResponse,
} from "./spec/document.js";
export type { PolicyBlockOptions, VendorFaults } from "./vendor-faults.js";
export { vendorFaults } from "./vendor-faults.js";
export type { HeadersInit } from "./web-types.js";
export type { WebhookDelivery, WebhookEventKind, WebhookOutcome } from "./webhooks/deliveries.js";
export type { MockWebhooks } from "./webhooks/dispatcher.js";
export { MAX_RECORDED_DELIVERIES } from "./webhooks/dispatcher.js";
export type {
  MockWebhookOptions,
  WebhookBusiness,
  WebhookDelays,
  WebhookRetryOptions,
  WebhookScheduler,
} from "./webhooks/options.js";
export type { InboundMessage, MockStatus, MockStatusError } from "./webhooks/payloads.js";
export { UNDELIVERABLE_ERROR } from "./webhooks/payloads.js";
