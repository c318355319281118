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
import { redactedRequest, scrubBody } from "./errors/redact.js";
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
  /** Only to scrub it out of error bodies that quote it. */
  apiKey: string;
}

const GET = OPERATIONS.getBusinessPublicKey;
const SET = OPERATIONS.setBusinessPublicKey;

/** The `encryption` namespace over an openapi-fetch client built by `createD360Client`. */
export function createEncryptionApi(
  core: Client<paths>,
  context: EncryptionContext,
): EncryptionApi {
  /**
   * The JSON body of a success, else an `ApiError`: for an error status (openapi-fetch already
   * read the body: parsed JSON or the raw text), or for a success whose body `accept` refuses.
   */
  const check = async <T>(
    method: string,
    // The URL is only needed for an error: built then, not on every call.
    target: string,
    call: Promise<{ data?: string; error?: unknown; response: Response }>,
    accept: (body: T) => unknown,
    expected: string,
  ): Promise<T> => {
    const { data, error, response } = await call;
    let body: unknown = error;
    let reason: string | undefined;
    if (response.ok) {
      try {
        body = JSON.parse(data as string);
      } catch {}
      if (typeof body === "object" && body && !Array.isArray(body) && accept(body as T))
        return body as T;
      body = data ?? "";
      reason = `The body is not what the spec describes: expected ${expected}`;
    }
    // A success is never retried, so its metadata is the default `{ attempts: 1 }`.
    const meta = responseMeta(response);
    const url = context.baseUrl + target;
    throw new ApiError(
      {
        status: response.status,
        statusText: response.statusText,
        body: scrubBody(
          body === undefined || (typeof body === "object" && body !== null)
            ? (body as ErrorResponse | undefined)
            : excerpt(String(body), 1000),
          context.apiKey,
        ),
        method,
        url,
        attempts: meta.attempts,
        retryAfter: meta.retryAfter,
        request: redactedRequest(method, url, context.headers),
      },
      reason ?? meta.reason,
    );
  };

  return {
    async getBusinessPublicKey({ fields, signal } = {}) {
      // One comma-separated value with literal commas, as the spec describes `fields`; each
      // name is still percent-encoded.
      const joined = fields?.length ? `fields=${fields.map(encodeURIComponent).join(",")}` : "";
      const body = await check<GetBusinessPublicKeyResponse>(
        GET.method,
        joined ? `${GET.path}?${joined}` : GET.path,
        core.GET(GET.path, { querySerializer: () => joined, parseAs: "text", signal }),
        (b) => b.data === undefined || Array.isArray(b.data),
        '{"data": [...]}',
      );
      return body.data?.[0] ?? null;
    },

    async setBusinessPublicKey(publicKey, { signal } = {}) {
      // Before anything is sent: a wrong key (above all a private one) must never leave. The
      // parser weighs more than the rest of the client and only this method needs it: loaded on
      // first use (then cached by the module loader), so importing the client stays small. The
      // `public-key` subpath, not the main entry, so that the chunk holds the parser alone.
      const { parsePublicKey } = await import("@d360-messaging/keys/public-key");
      const body: SetBusinessPublicKeyRequest = {
        business_public_key: parsePublicKey(publicKey).pem,
      };
      await check<SetBusinessPublicKeyResponse>(
        SET.method,
        SET.path,
        core.POST(SET.path, {
          body,
          bodySerializer: (form) => new URLSearchParams(form).toString(),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          parseAs: "text",
          signal,
        }),
        (b) => b.success === true,
        '{"success": true}',
      );
      return { success: true };
    },
  };
}
