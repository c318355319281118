// Hand-written behaviour of `set-business-public-key` (POST /whatsapp_business_encryption): the
// key is checked and canonicalised before anything is sent, and an upload is confirmed only by
// `{"success": true}`.
import type { SetBusinessPublicKeyRequest } from "@d360-messaging/types";
import { defineExtension, type Extension } from "../operation/extension.js";

/** Options of {@link EncryptionApi.setBusinessPublicKey}. */
export interface SetBusinessPublicKeyOptions {
  /**
   * Cancels the call, retries and waits included; it then rejects with the signal's reason.
   * @default none
   * @example
   * ```ts
   * { signal: controller.signal }
   * ```
   */
  signal?: AbortSignal;
}

/** What a successful upload resolves with. */
export interface SetBusinessPublicKeyResult {
  /** Always `true`: anything else is an `ApiError`. */
  success: true;
}

/**
 * Upload the phone number's business public key (`POST /whatsapp_business_encryption`, form
 * field `business_public_key`), replacing the previous one. The key is checked first with
 * `parsePublicKey` of `@d360-messaging/keys` and sent in its canonical SPKI PEM form; a key
 * WhatsApp cannot use (a private key, a certificate, EC, under 2048 bits) throws a
 * `KeyFormatError` before any request is made.
 *
 * @param publicKey - RSA public key: SPKI or PKCS#1 PEM, or DER bytes
 * @throws {KeyFormatError} for a key WhatsApp cannot use; nothing was sent
 * @throws {ApiError} on an error status (after retries) or an unconfirmed upload
 * @throws {TimeoutError} when `timeout` or `totalTimeout` ran out
 * @throws {NetworkError} when no response arrived
 * @example
 * ```ts
 * await client.encryption.setBusinessPublicKey(await readFile("public.pem", "utf8"));
 * ```
 */
export default defineExtension(
  "set-business-public-key",
  (call) =>
    async (
      publicKey: string | Uint8Array,
      { signal }: SetBusinessPublicKeyOptions = {},
    ): Promise<SetBusinessPublicKeyResult> => {
      // Before anything is sent: a wrong key (above all a private one) must never leave. The
      // parser weighs more than the rest of the client and only this method needs it: loaded on
      // first use (then cached by the module loader), so importing the client stays small. The
      // `public-key` subpath, not the main entry, so that the chunk holds the parser alone.
      const { parsePublicKey } = await import("@d360-messaging/keys/public-key");
      const body: SetBusinessPublicKeyRequest = {
        business_public_key: parsePublicKey(publicKey).pem,
      };
      await call({
        body,
        signal,
        accept: (b) => b.success === true,
        expected: '{"success": true}',
      });
      return { success: true };
    },
) as Extension<
  "set-business-public-key",
  (
    publicKey: string | Uint8Array,
    options?: SetBusinessPublicKeyOptions,
  ) => Promise<SetBusinessPublicKeyResult>
>;
// The type is written out (`as`): JSR refuses an inferred type on an export (no "slow types").
