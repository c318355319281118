import type { CryptoKey } from "@d360-messaging/keys";
import { decodeBase64 } from "@d360-messaging/keys/internal";
import type { FlowCrypto, GcmSession } from "./crypto/backend.js";
import { webCrypto } from "./crypto/web.js";
import { FlowDecryptionError, type FlowDecryptionFailure } from "./errors.js";
import { AES_KEY_BYTES, IV_BYTES, TAG_BYTES } from "./protocol.js";
import type { DecryptedFlowRequest, EncryptedFlowRequest, FlowRequestPayload } from "./types.js";
import { openWithFirstKey } from "./wrong-key.js";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** What {@link decryptRequest} returns: the public result plus the prepared AES key, for reuse. */
export interface DecryptedFlowRequestWithKey extends DecryptedFlowRequest {
  session: GcmSession;
}

/**
 * Decrypts `encrypted_aes_key` with one of the private keys: the AES key and the index of the key
 * that opened it. Rejects with FlowDecryptionError `aes-key-decryption-failed` when none does,
 * and with the error as it is when something else went wrong (never disguised as a wrong key).
 */
export type UnwrapKey = (encryptedKey: Uint8Array<ArrayBuffer>) => Promise<{
  aesKey: Uint8Array;
  keyIndex: number;
}>;

/** RSA-OAEP decryption of a request's `encrypted_aes_key` on WebCrypto (SHA-256: the key's hash). */
export async function rsaDecrypt(
  key: CryptoKey,
  encryptedKey: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, encryptedKey));
}

/** An UnwrapKey over a list of CryptoKeys, current first: the first that opens the key wins. */
export function unwrapWithKeys(keys: readonly CryptoKey[]): UnwrapKey {
  return (encryptedKey) =>
    openWithFirstKey(keys.length, (keyIndex) =>
      rsaDecrypt(keys[keyIndex] as CryptoKey, encryptedKey),
    );
}

function fail(reason: FlowDecryptionFailure, cause?: unknown): never {
  throw new FlowDecryptionError(reason, cause === undefined ? undefined : { cause });
}

/** Throws a TypeError unless `key` is an RSA-OAEP SHA-256 private key that may decrypt. */
export function assertDecryptionKey(key: unknown): asserts key is CryptoKey {
  const algorithm = (key as CryptoKey | null)?.algorithm as RsaHashedKeyAlgorithm | undefined;
  if (
    typeof key !== "object" ||
    key === null ||
    (key as CryptoKey).type !== "private" ||
    algorithm?.name !== "RSA-OAEP" ||
    algorithm.hash?.name !== "SHA-256" ||
    !(key as CryptoKey).usages.includes("decrypt")
  ) {
    throw new TypeError(
      "privateKey must be an RSA-OAEP private CryptoKey with hash SHA-256 and usage 'decrypt' (importPrivateKey from @d360-messaging/keys makes one)",
    );
  }
}

/** Checks the body shape: a JSON object with the three string fields, else 400. */
function parseEnvelope(body: EncryptedFlowRequest | string): EncryptedFlowRequest {
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      // No cause: the SyntaxError would quote the body.
      fail("malformed-request");
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("malformed-request");
  }
  const { encrypted_flow_data, encrypted_aes_key, initial_vector } = value as Record<
    string,
    unknown
  >;
  if (
    typeof encrypted_flow_data !== "string" ||
    typeof encrypted_aes_key !== "string" ||
    typeof initial_vector !== "string"
  ) {
    fail("malformed-request");
  }
  return { encrypted_flow_data, encrypted_aes_key, initial_vector };
}

function decodeField(text: string): Uint8Array<ArrayBuffer> {
  try {
    return decodeBase64(text);
  } catch {
    fail("invalid-base64");
  }
}

function parsePayload(plaintext: Uint8Array): FlowRequestPayload {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(plaintext));
  } catch {
    // No cause: a SyntaxError quotes the plaintext it failed on.
    fail("invalid-payload");
  }
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    typeof (value as { action?: unknown }).action !== "string"
  ) {
    fail("invalid-payload");
  }
  return value as FlowRequestPayload;
}

/**
 * Decrypts a request and also returns the prepared AES key, so that an endpoint can encrypt the
 * reply without preparing it twice. Internal; {@link decryptFlowRequest} is the public form.
 */
export async function decryptRequest(
  backend: FlowCrypto,
  body: EncryptedFlowRequest | string,
  unwrap: UnwrapKey,
): Promise<DecryptedFlowRequestWithKey> {
  // The keys are not re-checked here: the endpoint checks them once at import and the public
  // decryptFlowRequest checks them per call.
  const envelope = parseEnvelope(body);
  // Decode all three before any RSA work, so that garbage costs no private-key operation.
  const flowData = decodeField(envelope.encrypted_flow_data);
  const encryptedKey = decodeField(envelope.encrypted_aes_key);
  const iv = decodeField(envelope.initial_vector);
  if (iv.length !== IV_BYTES) fail("invalid-iv-length");
  if (flowData.length < TAG_BYTES) fail("authentication-failed");

  // Not caught here: only the unwrap knows a wrong key (its FlowDecryptionError) from a fault.
  const { aesKey, keyIndex } = await unwrap(encryptedKey);
  // WebCrypto would take a 32-byte key as AES-256; the protocol fixes AES-128.
  if (aesKey.length !== AES_KEY_BYTES) fail("invalid-aes-key-length");

  const session = await backend.gcm(aesKey);
  let plaintext: Uint8Array;
  try {
    plaintext = await session.open(iv, flowData);
  } catch (cause) {
    fail("authentication-failed", cause);
  }
  return { payload: parsePayload(plaintext), aesKey, iv, keyIndex, session };
}

/** decryptFlowRequest on a given backend; each build exports it bound to its own. */
export async function decryptFlowRequestUsing(
  backend: FlowCrypto,
  body: EncryptedFlowRequest | string,
  privateKey: CryptoKey | readonly CryptoKey[],
): Promise<DecryptedFlowRequest> {
  const keys: readonly CryptoKey[] = Array.isArray(privateKey) ? privateKey : [privateKey];
  if (keys.length === 0) throw new TypeError("privateKey must be a CryptoKey or a non-empty list");
  for (const key of keys) assertDecryptionKey(key);
  const { payload, aesKey, iv, keyIndex } = await decryptRequest(
    backend,
    body,
    unwrapWithKeys(keys),
  );
  return { payload, aesKey, iv, keyIndex };
}

/**
 * Decrypts a WhatsApp Flows endpoint request.
 *
 * @param body - The request body: the parsed object, or the raw JSON text.
 * @param privateKey - The business private key as an RSA-OAEP (SHA-256) `CryptoKey` with usage
 *   `decrypt`, e.g. from `importPrivateKey` of `@d360-messaging/keys`; during a key rotation a
 *   list, current key first, of which the first that opens the request is used.
 * @returns The payload, the AES key and IV needed to encrypt the reply with
 *   {@link encryptFlowResponse}, and `keyIndex`, the position of the key that opened it. The AES
 *   key is secret; do not log it.
 * @throws {FlowDecryptionError} for every failure of the request; its `reason` says which step
 *   failed and `status` is the HTTP status to answer with (400 or 421).
 * @throws {TypeError} when `privateKey` is not an RSA-OAEP SHA-256 private key (a programming
 *   error, not a bad request). Any other failure of the platform's RSA than a key that does not
 *   open the request is rethrown as it is, never reported as `aes-key-decryption-failed`.
 * @example
 * const { payload, aesKey, iv } = await decryptFlowRequest(await request.text(), privateKey);
 */
export function decryptFlowRequest(
  body: EncryptedFlowRequest | string,
  privateKey: CryptoKey | readonly CryptoKey[],
): Promise<DecryptedFlowRequest> {
  return decryptFlowRequestUsing(webCrypto, body, privateKey);
}
