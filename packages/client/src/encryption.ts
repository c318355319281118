import { parsePublicKey } from "@d360-messaging/keys";
import type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  ErrorResponse,
  GetBusinessPublicKeyResponse,
  paths,
  SetBusinessPublicKeyRequest,
  SetBusinessPublicKeyResponse,
} from "@d360-messaging/types";
import type { Client } from "openapi-fetch";
import { ApiError, excerpt } from "./errors/ApiError.js";
import { redactedRequest } from "./errors/redact.js";
import { responseMeta } from "./fetch/response-meta.js";
import { OPERATIONS } from "./generated/operations.js";

/** Options of {@link EncryptionApi.getBusinessPublicKey}. */
export interface GetBusinessPublicKeyOptions {
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
 * The Encryption endpoints. Method names are the spec's operationIds in camelCase
 * (`get-business-public-key` → `getBusinessPublicKey`).
 */
export interface EncryptionApi {
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
  getBusinessPublicKey(
    options?: GetBusinessPublicKeyOptions,
  ): Promise<BusinessEncryptionInfo | null>;
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
  setBusinessPublicKey(
    publicKey: string | Uint8Array,
    options?: SetBusinessPublicKeyOptions,
  ): Promise<SetBusinessPublicKeyResult>;
}

/** What the encryption methods need from the client. */
export interface EncryptionContext {
  /** Without trailing slash. */
  baseUrl: string;
  /** The client's headers, for the redacted request copy on errors. */
  headers: Record<string, string>;
}

const GET = OPERATIONS.getBusinessPublicKey;
const SET = OPERATIONS.setBusinessPublicKey;
const FORM_HEADERS = { "Content-Type": "application/x-www-form-urlencoded" };

/** The `encryption` namespace over an openapi-fetch client built by `createD360Client`. */
export function createEncryptionApi(
  core: Client<paths>,
  context: EncryptionContext,
): EncryptionApi {
  return {
    async getBusinessPublicKey(options = {}) {
      const { fields, signal } = options;
      // One comma-separated value with literal commas, as the spec describes `fields`; each
      // name is still percent-encoded.
      const joined = fields?.length ? fields.map(encodeURIComponent).join(",") : undefined;
      const { data, error, response } = await core.GET(GET.path, {
        params: joined === undefined ? {} : { query: { fields: joined } },
        querySerializer: serializeFields,
        parseAs: "text",
        signal,
      });
      const url = `${context.baseUrl}${GET.path}${joined === undefined ? "" : `?fields=${joined}`}`;
      if (!response.ok) throw failure(context, GET.method, url, response, error);
      const body = parseJson(data) as GetBusinessPublicKeyResponse | undefined;
      if (!isObject(body) || !(body.data === undefined || Array.isArray(body.data))) {
        throw unexpected(context, GET.method, url, response, data, 'expected {"data": [...]}');
      }
      return body.data?.[0] ?? null;
    },

    async setBusinessPublicKey(publicKey, options = {}) {
      // Before anything is sent: a wrong key (above all a private one) must never leave.
      const { pem } = parsePublicKey(publicKey);
      const body: SetBusinessPublicKeyRequest = { business_public_key: pem };
      const { data, error, response } = await core.POST(SET.path, {
        body,
        bodySerializer: serializeForm,
        headers: FORM_HEADERS,
        parseAs: "text",
        signal: options.signal,
      });
      const url = `${context.baseUrl}${SET.path}`;
      if (!response.ok) throw failure(context, SET.method, url, response, error);
      const result = parseJson(data) as SetBusinessPublicKeyResponse | undefined;
      if (!isObject(result) || result.success !== true) {
        throw unexpected(
          context,
          SET.method,
          url,
          response,
          data,
          'the upload was not confirmed (expected {"success": true})',
        );
      }
      return { success: true };
    },
  };
}

function serializeFields(query: { fields?: string }): string {
  return query.fields === undefined ? "" : `fields=${query.fields}`;
}

function serializeForm(body: SetBusinessPublicKeyRequest): string {
  return new URLSearchParams(body).toString();
}

/** The body as JSON, or `undefined` when it is empty or not JSON (never a SyntaxError). */
function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An error status: openapi-fetch already read the body (parsed JSON, or the raw text). */
function failure(
  context: EncryptionContext,
  method: string,
  url: string,
  response: Response,
  error: unknown,
): ApiError {
  const body: ErrorResponse | string | undefined = isObject(error)
    ? (error as ErrorResponse)
    : error === undefined
      ? undefined
      : excerpt(typeof error === "string" ? error : JSON.stringify(error), 1000);
  const { attempts, retryAfter, reason } = responseMeta(response);
  return new ApiError({
    status: response.status,
    statusText: response.statusText,
    body,
    method,
    url,
    attempts,
    retryAfter,
    reason,
    request: redactedRequest(method, url, context.headers),
  });
}

/** A success status whose body is not what the spec promises. */
function unexpected(
  context: EncryptionContext,
  method: string,
  url: string,
  response: Response,
  text: string | undefined,
  expected: string,
): ApiError {
  return new ApiError({
    status: response.status,
    statusText: response.statusText,
    body: excerpt(text ?? "", 1000),
    method,
    url,
    attempts: 1,
    reason: `The response body is not what the spec describes: ${expected}`,
    request: redactedRequest(method, url, context.headers),
  });
}
