// Public API of @d360-messaging/keys (web build: WebCrypto only, no Node fallback).
// Internal on purpose: the DER reader/writer (src/der/), PEM codec, PBES2 and the legacy hook.
export {
  isKeyFormatError,
  KeyFormatError,
  type KeyFormatErrorCode,
} from "./errors.js";
export { type PublicKeyInfo, parsePublicKey } from "./public-key.js";
