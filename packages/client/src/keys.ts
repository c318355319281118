// Re-exported so that callers of `setBusinessPublicKey` can recognise its key errors without
// depending on @d360-messaging/keys themselves. From the `./errors` subpath, not the package's
// main entry: a static import of the main entry would pull the whole key parser into the
// client's entry chunk, while `setBusinessPublicKey` loads the parser only on first use. Both
// builds of keys (web and Node) import this same module, so `instanceof` holds either way.
export {
  isKeyFormatError,
  KeyFormatError,
  type KeyFormatErrorCode,
} from "@d360-messaging/keys/errors";
