import { isKeyFormatError, parsePublicKey } from "@d360-messaging/keys";

/** Outcome of validating an uploaded key: the canonical PEM, or a 400 message and its cause. */
export type KeyValidation = { ok: true; pem: string } | { ok: false; error: string; cause?: Error };

/**
 * Validate an uploaded business public key with the same rules as the client
 * (`parsePublicKey` of `@d360-messaging/keys`): a 2048-bit or larger RSA public
 * key; a private key, a certificate, an EC key or a small key is refused with
 * the `KeyFormatError`'s message, which never echoes key material. The stored
 * form is the canonical SPKI PEM, which is what WhatsApp works with.
 */
export function validatePublicKey(input: string): KeyValidation {
  try {
    return { ok: true, pem: parsePublicKey(input).pem };
  } catch (error) {
    if (isKeyFormatError(error)) return { ok: false, error: error.message, cause: error };
    throw error;
  }
}
