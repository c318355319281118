// Public API of @d360-messaging/client, listed by name.
// Internal on purpose: the fetch wrapper (fetch/), the retry policy and its helpers (retry/),
// the vendor error table (errors/vendor.ts), the generated operation table (generated/operations.ts),
// the generic call (operation/call.ts) and the generated namespace factory (generated/methods.ts).

export type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  BusinessPublicKeySignatureStatus,
  ErrorResponse,
  operations,
  paths,
} from "@d360-messaging/types";
export { createD360Client, type D360Client } from "./client.js";
export {
  ApiError,
  type ApiErrorFields,
  type ApiErrorKind,
  isApiError,
  isRateLimitError,
  RateLimitError,
} from "./errors/ApiError.js";
export { D360Error, isD360Error } from "./errors/D360Error.js";
export {
  isMediaError,
  MediaError,
  type MediaErrorCode,
  type MediaErrorFields,
} from "./errors/MediaError.js";
export {
  isNetworkError,
  NetworkError,
  type NetworkErrorCode,
  type NetworkErrorFields,
} from "./errors/NetworkError.js";
export {
  isOutcomeUnknownError,
  OutcomeUnknownError,
  type OutcomeUnknownErrorFields,
} from "./errors/OutcomeUnknownError.js";
export { isTimeoutError, TimeoutError, type TimeoutErrorFields } from "./errors/TimeoutError.js";
export type { GetBusinessPublicKeyOptions } from "./extensions/get-business-public-key.js";
export type {
  OutgoingMessage,
  SendMessageOptions,
  SendMessageResult,
} from "./extensions/send-message.js";
export type {
  SetBusinessPublicKeyOptions,
  SetBusinessPublicKeyResult,
} from "./extensions/set-business-public-key.js";
export type { MediaMethods } from "./extensions/tags/media.js";
export type { MessagesMethods } from "./extensions/tags/messages.js";
// One interface per spec tag (EncryptionApi, …) and Namespaces: generated, so listed by the
// generator rather than here; a new tag's interface is exported without a hand edit.
export type * from "./generated/namespaces.js";
export { isKeyFormatError, KeyFormatError, type KeyFormatErrorCode } from "./keys.js";
export type {
  DownloadedMedia,
  DownloadMediaOptions,
  MarkAsReadOptions,
  UploadMediaOptions,
} from "./media/types.js";
// The type helpers the generated methods are written with: the two a caller names are exported;
// the rest (operation/types.ts, operation/extension.ts) is internal on purpose.
export type { OperationMethod, OperationOptions } from "./operation/types.js";
export type {
  AttemptInfo,
  D360ClientOptions,
  FetchLike,
  HeadersInit,
  Hooks,
  RetryInfo,
  RetryOptions,
} from "./options.js";
export { USER_AGENT } from "./user-agent.js";
