// Node build of @d360-messaging/keys: the same API as index.ts, with node:crypto wired in for
// the encryptions WebCrypto lacks.
export {
  isKeyFormatError,
  KeyFormatError,
  type KeyFormatErrorCode,
} from "./errors.js";
export { type PublicKeyInfo, parsePublicKey } from "./public-key.js";
