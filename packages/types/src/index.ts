export type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  BusinessPublicKeySignatureStatus,
  ErrorResponse,
  GetBusinessPublicKeyResponse,
  SetBusinessPublicKeyRequest,
  SetBusinessPublicKeyResponse,
} from "./aliases.js";
export { SPEC_VERSION } from "./generated/version.js";
export type { components, operations, paths } from "./openapi.js";
export type {
  WebhookChange,
  WebhookContact,
  WebhookEntry,
  WebhookErrorObject,
  WebhookField,
  WebhookGroupEvent,
  WebhookIncomingMessage,
  WebhookMessage,
  WebhookMessageType,
  WebhookMetadata,
  WebhookPayload,
  WebhookStatus,
  WebhookStatusError,
  WebhookStatusName,
  WebhookSystemMessage,
  WebhookValue,
} from "./webhooks.js";
