/** Outcome of validating an uploaded key: the canonical PEM, or a 400 message. */
export type KeyValidation = { ok: true; pem: string } | { ok: false; error: string; cause?: Error };

/**
 * Validate an uploaded business public key with the same rules as the client.
 *
 * STOPGAP until `@d360-messaging/keys` lands: only checks for an SPKI PEM header.
 */
export function validatePublicKey(input: string): KeyValidation {
  if (!input.includes("-----BEGIN PUBLIC KEY-----")) {
    return {
      ok: false,
      error: "business_public_key is not a PEM public key: expected -----BEGIN PUBLIC KEY-----",
    };
  }
  return { ok: true, pem: `${input.trim().replace(/\r\n/g, "\n")}\n` };
}
