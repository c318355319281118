import type { BusinessPublicKeyField, D360Client } from "@d360-messaging/client";
import { isKeyFormatError, parsePublicKey, publicKeyFingerprint } from "@d360-messaging/keys";

/** What the API says about the number's uploaded business public key, with its fingerprint worked out. */
export interface UploadedKey {
  /** Whether a business public key is uploaded for this number. */
  uploaded: boolean;
  /** WhatsApp's verdict on the key's signature; `null` when not uploaded or not requested with --fields. */
  status: "VALID" | "MISMATCH" | null;
  /** `SHA256:…` of the uploaded key; `null` when there is none, it was not requested, or it cannot be parsed. */
  fingerprint: string | null;
  /** RSA modulus size of the uploaded key; `null` when there is none, it was not requested, or it cannot be parsed. */
  modulusBits: number | null;
  /** The uploaded key as PEM; `null` when there is none or it was not requested. */
  publicKeyPem: string | null;
  /** Why the uploaded key could not be read, when the API returned something that is not a usable key. */
  keyError?: string;
}

export async function fetchUploadedKey(
  client: D360Client,
  fields?: readonly BusinessPublicKeyField[],
): Promise<UploadedKey> {
  const info = await client.encryption.getBusinessPublicKey(fields === undefined ? {} : { fields });
  const pem = info?.business_public_key?.trim() || null;
  const status = info?.business_public_key_signature_status ?? null;
  const result: UploadedKey = {
    uploaded: pem !== null || status !== null,
    status,
    fingerprint: null,
    modulusBits: null,
    publicKeyPem: pem,
  };
  if (pem === null) return result;
  try {
    const parsed = parsePublicKey(pem);
    result.fingerprint = await publicKeyFingerprint(parsed);
    result.modulusBits = parsed.modulusBits;
  } catch (error) {
    // The API holds something we cannot read; report it rather than fail, since re-uploading fixes it.
    if (!isKeyFormatError(error)) throw error;
    result.keyError = error.message;
  }
  return result;
}
