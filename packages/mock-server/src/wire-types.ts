// Wire shapes of the Encryption endpoints, written from the vendor's spec
// (`whatsapp_business_encryption.*` and `utils.ErrorResp` schemas).
// Stopgap until `@d360-messaging/types` is generated: then these become re-exports of its aliases.

/** Signature verification status WhatsApp reports for an uploaded business public key. */
export type BusinessPublicKeySignatureStatus = "VALID" | "MISMATCH";

/** One entry of `GET /whatsapp_business_encryption`'s `data` array. */
export interface BusinessEncryptionInfo {
  business_public_key?: string;
  business_public_key_signature_status?: BusinessPublicKeySignatureStatus;
}

/** A field name accepted by the `fields` query parameter. */
export type BusinessPublicKeyField = keyof BusinessEncryptionInfo;

/** Body of `GET /whatsapp_business_encryption`. */
export interface GetBusinessPublicKeyResponse {
  data?: BusinessEncryptionInfo[];
}

/** Body of a successful `POST /whatsapp_business_encryption`. */
export interface SetBusinessPublicKeyResponse {
  success?: boolean;
}

/** Every error body of the API (`utils.ErrorResp`). */
export interface ErrorResponse {
  error?: string;
}
