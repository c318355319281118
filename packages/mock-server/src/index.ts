// Public API of @d360-messaging/mock-server, runtime-neutral (Web APIs only).
// `startMockServer` is in the Node build only (index.node.ts): it needs node:http.
// The wire types (BusinessEncryptionInfo, ErrorResponse, …) come from @d360-messaging/types.

export { ConnectionDroppedError, isConnectionDroppedError } from "./errors.js";
export type { FaultSpec } from "./faults.js";
export { FaultQueue } from "./faults.js";
export type { MockHandler, MockOptions, SetKeyOptions } from "./handler.js";
export {
  createMockHandler,
  DEFAULT_API_KEY,
  DEFAULT_MAX_BODY_BYTES,
  ENCRYPTION_PATH,
} from "./handler.js";
export type { RateLimitOptions } from "./rate-limit.js";
export type { RecordedRequest } from "./record.js";
