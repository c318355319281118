// Re-exported so that callers of `setBusinessPublicKey` can recognise its key errors without
// depending on @d360-messaging/keys themselves.
export { isKeyFormatError, KeyFormatError, type KeyFormatErrorCode } from "@d360-messaging/keys";
