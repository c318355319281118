// Public API of @d360-messaging/client, listed by name.
// Internal on purpose: the fetch wrapper (fetch/), the retry policy and its helpers (retry/),
// the request factory and the generated operation table (generated/operations.ts).

export type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  BusinessPublicKeySignatureStatus,
  ErrorResponse,
  paths,
} from "@d360-messaging/types";
export { createD360Client, type D360Client } from "./client.js";
export type {
  EncryptionApi,
  GetBusinessPublicKeyOptions,
  SetBusinessPublicKeyOptions,
  SetBusinessPublicKeyResult,
} from "./encryption.js";
export { ApiError, type ApiErrorFields, isApiError } from "./errors/ApiError.js";
export { D360Error, isD360Error } from "./errors/D360Error.js";
export { isNetworkError, NetworkError, type NetworkErrorFields } from "./errors/NetworkError.js";
export { isTimeoutError, TimeoutError, type TimeoutErrorFields } from "./errors/TimeoutError.js";
export { isKeyFormatError, KeyFormatError, type KeyFormatErrorCode } from "./keys.js";
export type { D360ClientOptions, FetchLike, RetryOptions } from "./options.js";
export { USER_AGENT } from "./user-agent.js";
