// Hand-written behaviour of `get-business-public-key` (GET /whatsapp_business_encryption):
// `fields` as a list of field names joined into the spec's one comma-separated value, and the
// first entry of the response's `data` (or null) instead of the wrapper. Every other query
// parameter the spec gives the operation passes through under its spec name.
import type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  operations,
} from "@d360-messaging/types";
import { defineExtension, type Extension } from "../operation/extension.js";
import type { OperationOptions } from "../operation/types.js";

type Operation = operations["get-business-public-key"];

/** Options of {@link EncryptionApi.getBusinessPublicKey}: the operation's parameters under their spec names, `fields` as a list. */
export interface GetBusinessPublicKeyOptions
  extends Omit<OperationOptions<Operation>, "fields" | "signal"> {
  /**
   * Fields to ask for, sent as one comma-separated `fields` query value; all fields when
   * omitted or empty.
   * @default all fields
   * @example
   * ```ts
   * { fields: ["business_public_key_signature_status"] }
   * ```
   */
  fields?: readonly BusinessPublicKeyField[];
  /**
   * Cancels the call, retries and waits included; it then rejects with the signal's reason
   * (the platform's `AbortError`).
   * @default none
   * @example
   * ```ts
   * { signal: AbortSignal.timeout(2_000) }
   * ```
   */
  signal?: AbortSignal;
}

/**
 * The phone number's business public key and its signature status
 * (`GET /whatsapp_business_encryption`): the first entry of the response's `data`, or `null`
 * when the number has no key.
 *
 * @throws {ApiError} on an error status (after retries) or a body that is not the spec's JSON
 * @throws {TimeoutError} when `timeout` or `totalTimeout` ran out
 * @throws {NetworkError} when no response arrived
 * @example
 * ```ts
 * const info = await client.encryption.getBusinessPublicKey();
 * console.log(info?.business_public_key_signature_status); // "VALID"
 * ```
 */
export default defineExtension(
  "get-business-public-key",
  (call) =>
    async ({
      fields,
      signal,
      ...query
    }: GetBusinessPublicKeyOptions = {}): Promise<BusinessEncryptionInfo | null> => {
      const body = await call({
        // One comma-separated value with literal commas, as the spec describes `fields`.
        query: { ...query, fields: fields?.length ? fields.join(",") : undefined },
        signal,
        accept: (b) => b.data === undefined || (Array.isArray(b.data) && b.data.every(isInfo)),
        expected: '{"data": [...]} of objects with string fields',
      });
      return body.data?.[0] ?? null;
    },
) as Extension<
  "get-business-public-key",
  (options?: GetBusinessPublicKeyOptions) => Promise<BusinessEncryptionInfo | null>
>;
// The type is written out (`as`): JSR refuses an inferred type on an export (no "slow types").

/** A `data` entry as the spec describes it: an object whose fields are all strings. */
function isInfo(entry: unknown): boolean {
  return (
    typeof entry === "object" &&
    entry !== null &&
    !Array.isArray(entry) &&
    Object.values(entry).every((value) => typeof value === "string")
  );
}
