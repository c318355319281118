/**
 * Readable names for the parts of the generated schema that callers use most.
 * Each alias is derived from the generated types (never written out by hand),
 * so a spec change flows through `pnpm generate` without touching this file.
 */
import type { components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];
type GetBusinessPublicKey = operations["get-business-public-key"];
type SetBusinessPublicKey = operations["set-business-public-key"];

/**
 * A phone number's business encryption public key and the status of its
 * signature check, one entry of the `data` array returned by
 * `GET /whatsapp_business_encryption`. Both fields are optional in the spec;
 * a request with `fields` asks for only the listed ones.
 */
export type BusinessEncryptionInfo = Schemas["whatsapp_business_encryption.BusinessEncryptionInfo"];

/** The signature check status of the number's business public key, as the API reports it: `"VALID"` or `"MISMATCH"`. */
export type BusinessPublicKeySignatureStatus = NonNullable<
  BusinessEncryptionInfo["business_public_key_signature_status"]
>;

/**
 * A field name accepted by the `fields` query parameter of
 * `GET /whatsapp_business_encryption`: the property names of
 * {@link BusinessEncryptionInfo}. The wire format is one comma-separated value,
 * e.g. `fields=business_public_key,business_public_key_signature_status`.
 */
export type BusinessPublicKeyField = keyof BusinessEncryptionInfo;

/** The JSON body of a successful `GET /whatsapp_business_encryption` (200): `{ data?: BusinessEncryptionInfo[] }`. */
export type GetBusinessPublicKeyResponse =
  GetBusinessPublicKey["responses"][200]["content"]["application/json"];

/** The JSON body of a successful `POST /whatsapp_business_encryption` (200): `{ success?: boolean }`. */
export type SetBusinessPublicKeyResponse =
  SetBusinessPublicKey["responses"][200]["content"]["application/json"];

/**
 * The form body of `POST /whatsapp_business_encryption`: one field,
 * `business_public_key`, holding the RSA public key in PEM format. Sent as
 * `application/x-www-form-urlencoded` (`business_public_key=<url-encoded PEM>`)
 * or as `multipart/form-data` with the same field.
 */
export type SetBusinessPublicKeyRequest = NonNullable<
  SetBusinessPublicKey["requestBody"]
>["content"]["application/x-www-form-urlencoded"];

/** The JSON body of every error response of the API (4xx and 5xx): `{ error?: string }`. */
export type ErrorResponse = Schemas["utils.ErrorResp"];
