import { decodeBase64, readBounded } from "@d360-messaging/keys/internal";
import type { FlowCrypto } from "./crypto/backend.js";
import { webCrypto } from "./crypto/web.js";
import { hasDeadline } from "./deadline.js";
import { FlowMediaError } from "./errors.js";
import { checkByteLimit, checkFlag, checkTimeoutMs } from "./options-check.js";

// Media from PhotoPicker and DocumentPicker (Meta, "Media upload components", Handling media →
// Endpoint): WhatsApp stores each file on its CDN as AES256-CBC + HMAC-SHA256 + PKCS#7,
// `cdn_file = ciphertext ‖ hmac10`, and the data_exchange payload carries `cdn_url` and
// `encryption_metadata` { encryption_key, hmac_key, iv, plaintext_hash, encrypted_hash }, all
// base64. The steps below are the document's, in its order:
//   1. download cdn_file from cdn_url
//   2. SHA256(cdn_file) == encrypted_hash
//   3. the first 10 bytes of HMAC-SHA256(hmac_key, iv ‖ ciphertext) == hmac10
//   4. AES-CBC with iv, PKCS#7 padding removed (16-byte blocks)
//   5. SHA256(decrypted_media) == plaintext_hash
// The HMAC is checked before any decryption, so the padding check can never serve as an oracle.

/** The `encryption_metadata` of a media file, base64 fields exactly as WhatsApp sends them. */
export interface FlowMediaEncryptionMetadata {
  /** The 32-byte AES-256-CBC key. */
  encryption_key: string;
  /** The HMAC-SHA256 key (32 bytes in WhatsApp's payloads). */
  hmac_key: string;
  /** The 16-byte CBC initialisation vector; the HMAC covers it too. */
  iv: string;
  /** SHA-256 of the decrypted file. */
  plaintext_hash: string;
  /** SHA-256 of the file as stored on the CDN (ciphertext and trailer). */
  encrypted_hash: string;
}

/** One entry of a PhotoPicker or DocumentPicker value in a data_exchange payload. */
export interface FlowMedia {
  /** Where the encrypted file is, on WhatsApp's CDN. */
  cdn_url: string;
  /** The file's name on the user's device, when WhatsApp sends it. */
  file_name?: string;
  /** WhatsApp's id of the upload; `error-message` objects of the pickers are keyed by it. */
  media_id?: string;
  /** The keys and hashes to check and decrypt the file with. */
  encryption_metadata: FlowMediaEncryptionMetadata;
}

/** The metadata decoded, lengths checked. */
interface MediaKeys {
  encryptionKey: Uint8Array;
  hmacKey: Uint8Array;
  iv: Uint8Array;
  plaintextHash: Uint8Array;
  encryptedHash: Uint8Array;
}

const HMAC_TRAILER_BYTES = 10;
const BLOCK_BYTES = 16;
const SHA256_BYTES = 32;

/**
 * The largest file a 25 MiB upload can make: the pickers' `max-file-size-kb` is at most 25600
 * (Meta, "Media upload components"), and encryption adds up to one 16-byte padding block and
 * the 10-byte trailer.
 */
export const DEFAULT_MAX_MEDIA_BYTES = 25 * 1024 * 1024 + BLOCK_BYTES + HMAC_TRAILER_BYTES;

function decodeField(
  metadata: Record<string, unknown>,
  field: keyof FlowMediaEncryptionMetadata,
  length: number | undefined,
): Uint8Array {
  const value = metadata[field];
  let bytes: Uint8Array;
  try {
    if (typeof value !== "string") throw new TypeError(`${field} is not a string`);
    bytes = decodeBase64(value);
  } catch {
    // No cause: it would quote the key material.
    throw new FlowMediaError("invalid-metadata", { field });
  }
  if (length === undefined ? bytes.length === 0 : bytes.length !== length) {
    throw new FlowMediaError("invalid-metadata", { field });
  }
  return bytes;
}

/** Decodes and checks the metadata's fields; FlowMediaError `invalid-metadata` naming the field. */
export function parseMediaMetadata(metadata: unknown): MediaKeys {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new FlowMediaError("invalid-metadata", { field: "encryption_metadata" });
  }
  const fields = metadata as Record<string, unknown>;
  return {
    encryptionKey: decodeField(fields, "encryption_key", 32),
    hmacKey: decodeField(fields, "hmac_key", undefined),
    iv: decodeField(fields, "iv", BLOCK_BYTES),
    plaintextHash: decodeField(fields, "plaintext_hash", SHA256_BYTES),
    encryptedHash: decodeField(fields, "encrypted_hash", SHA256_BYTES),
  };
}

/** Compares in time that depends only on the length, not on where the bytes differ. */
function equalBytes(a: Uint8Array, b: Uint8Array, length: number): boolean {
  if (a.length < length || b.length < length) return false;
  let difference = 0;
  for (let i = 0; i < length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/** The checks and decryption, on decoded metadata. */
export async function decryptMediaWithKeys(
  backend: FlowCrypto,
  file: Uint8Array,
  keys: MediaKeys,
): Promise<Uint8Array> {
  // 2. The file is the one WhatsApp described.
  if (!equalBytes(await backend.sha256(file), keys.encryptedHash, SHA256_BYTES)) {
    throw new FlowMediaError("encrypted-hash-mismatch");
  }
  if (file.length < HMAC_TRAILER_BYTES) throw new FlowMediaError("malformed-file");
  const ciphertext = file.subarray(0, file.length - HMAC_TRAILER_BYTES);
  const trailer = file.subarray(file.length - HMAC_TRAILER_BYTES);
  // 3. Authenticated before anything is decrypted.
  const sign = await backend.hmac(keys.hmacKey);
  if (!equalBytes(await sign(keys.iv, ciphertext), trailer, HMAC_TRAILER_BYTES)) {
    throw new FlowMediaError("hmac-mismatch");
  }
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_BYTES !== 0) {
    throw new FlowMediaError("malformed-file");
  }
  // 4. AES-256-CBC, PKCS#7 padding checked and removed by the platform.
  let plaintext: Uint8Array;
  try {
    plaintext = await backend.cbcDecrypt(keys.encryptionKey, keys.iv, ciphertext);
  } catch {
    throw new FlowMediaError("invalid-padding");
  }
  // 5. The decrypted file is the one the user picked.
  if (!equalBytes(await backend.sha256(plaintext), keys.plaintextHash, SHA256_BYTES)) {
    throw new FlowMediaError("plaintext-hash-mismatch");
  }
  return plaintext;
}

/** decryptFlowMedia on a given backend; each build exports it bound to its own. */
export async function decryptFlowMediaUsing(
  backend: FlowCrypto,
  file: Uint8Array,
  metadata: FlowMediaEncryptionMetadata,
): Promise<Uint8Array> {
  if (!(file instanceof Uint8Array)) throw new TypeError("file must be a Uint8Array");
  return decryptMediaWithKeys(backend, file, parseMediaMetadata(metadata));
}

/**
 * How long a download may take by default: a 25 MiB file at 10 Mbit/s is about 21 s. Inside an
 * endpoint's `handle`, pass `context.signal` too: WhatsApp waits ten seconds for the reply.
 */
export const DEFAULT_MEDIA_TIMEOUT_MS = 30_000;

/** Options of {@link downloadFlowMedia}. */
export interface DownloadFlowMediaOptions {
  /**
   * The fetch to download with (a proxy, a test double, retries of your own). It is called with
   * `redirect: "manual"` unless `followRedirects` is set, and with a signal that carries the
   * timeout.
   * @default globalThis.fetch
   * @example
   * fetch: (url, init) => fetch(url, { ...init, dispatcher: proxyAgent })
   */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * Largest file accepted, in bytes; a larger one is refused while it streams in, without
   * being read further.
   * @default 26_214_426 (25 MiB, the pickers' largest upload, plus padding and the HMAC trailer)
   * @example
   * maxBytes: 5 * 1024 * 1024
   */
  maxBytes?: number;
  /**
   * Cancels the download; the promise then rejects with the signal's reason. Pass the
   * endpoint's `context.signal` so that a download stops when WhatsApp stops waiting.
   * @default undefined
   * @example
   * signal: context.signal
   */
  signal?: AbortSignal;
  /**
   * Milliseconds the download (answer and whole body) may take; then it is cancelled and the
   * promise rejects with FlowMediaError `download-timeout`. `0` or `Infinity` turns it off;
   * anything else must be below 2^31 (the longest delay timers keep).
   * @default 30_000
   * @example
   * timeoutMs: 8_000
   */
  timeoutMs?: number;
  /**
   * Follows redirects. Off by default: WhatsApp's CDN answers `cdn_url` itself, and a redirect
   * could send the download (with the CDN's access parameters) somewhere else; a 3xx answer is
   * then FlowMediaError `redirect-refused`. Even when on, a redirect to plain http is refused
   * unless `allowHttp` is set too.
   * @default false
   * @example
   * followRedirects: true
   */
  followRedirects?: boolean;
  /**
   * Downloads from a plain `http:` URL. Off by default: WhatsApp's CDN serves https, and a file
   * over http can be read and swapped on the way (FlowMediaError `insecure-url`). Turn it on
   * for a local test server, such as the mock's media CDN.
   * @default false
   * @example
   * allowHttp: process.env.NODE_ENV === "test"
   */
  allowHttp?: boolean;
}

/** The options checked, defaults filled in. */
function downloadSettings(options: DownloadFlowMediaOptions) {
  const {
    fetch: fetchImpl = globalThis.fetch,
    maxBytes = DEFAULT_MAX_MEDIA_BYTES,
    signal,
    timeoutMs = DEFAULT_MEDIA_TIMEOUT_MS,
  } = options;
  if (typeof fetchImpl !== "function") {
    throw new TypeError("downloadFlowMedia: fetch must be a function");
  }
  return {
    fetchImpl,
    signal,
    maxBytes: checkByteLimit(maxBytes, "downloadFlowMedia: maxBytes"),
    timeoutMs: checkTimeoutMs(timeoutMs, "downloadFlowMedia: timeoutMs"),
    followRedirects: checkFlag(options.followRedirects, "downloadFlowMedia: followRedirects"),
    allowHttp: checkFlag(options.allowHttp, "downloadFlowMedia: allowHttp"),
  };
}

/**
 * Whether `url` is https, or http when allowed; anything else is refused. Meta's payload example
 * ("Media upload components", https://developers.facebook.com/docs/whatsapp/flows/reference/media_upload)
 * has `cdn_url` on https://mmg.whatsapp.net; that the CDN never redirects is not documented
 * there, which is why following redirects stays an explicit opt-in rather than being refused.
 */
function checkUrl(url: string, allowHttp: boolean): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new FlowMediaError("invalid-metadata", { field: "cdn_url" });
  }
  if (protocol === "https:") return;
  if (protocol === "http:") {
    if (allowHttp) return;
    throw new FlowMediaError("insecure-url", { field: "cdn_url" });
  }
  throw new FlowMediaError("invalid-metadata", { field: "cdn_url" });
}

/** downloadFlowMedia on a given backend; each build exports it bound to its own. */
export async function downloadFlowMediaUsing(
  backend: FlowCrypto,
  media: FlowMedia,
  options: DownloadFlowMediaOptions = {},
): Promise<Uint8Array> {
  const { fetchImpl, signal, maxBytes, timeoutMs, followRedirects, allowHttp } =
    downloadSettings(options);
  const url = media?.cdn_url;
  if (typeof url !== "string") throw new FlowMediaError("invalid-metadata", { field: "cdn_url" });
  checkUrl(url, allowHttp);
  // Checked before downloading: a file that could never be decrypted is not worth 25 MiB.
  const keys = parseMediaMetadata(media.encryption_metadata);
  signal?.throwIfAborted();

  // The deadline aborts a controller of its own, combined with the caller's signal. A plain timer
  // rather than AbortSignal.timeout, so that tests can move time instead of waiting for it.
  const deadline = new AbortController();
  const timer = hasDeadline(timeoutMs)
    ? setTimeout(() => deadline.abort(new FlowMediaError("download-timeout")), timeoutMs)
    : undefined;
  const combined =
    timer === undefined
      ? signal
      : signal === undefined
        ? deadline.signal
        : AbortSignal.any([signal, deadline.signal]);
  const stopped = (error: unknown): unknown => {
    if (signal?.aborted) return signal.reason;
    if (deadline.signal.aborted) return new FlowMediaError("download-timeout", { cause: error });
    return undefined;
  };
  try {
    return await download(
      backend,
      url,
      keys,
      { fetchImpl, followRedirects, allowHttp, maxBytes },
      combined,
      stopped,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Steps 1 to 5 under the caller's signal and the deadline, already combined. */
async function download(
  backend: FlowCrypto,
  url: string,
  keys: MediaKeys,
  settings: {
    fetchImpl: NonNullable<DownloadFlowMediaOptions["fetch"]>;
    followRedirects: boolean;
    allowHttp: boolean;
    maxBytes: number;
  },
  combined: AbortSignal | undefined,
  stopped: (error: unknown) => unknown,
): Promise<Uint8Array> {
  const { fetchImpl, followRedirects, allowHttp, maxBytes } = settings;
  // 1. Download, bounded while it streams.
  let response: Response;
  try {
    response = await fetchImpl(url, {
      redirect: followRedirects ? "follow" : "manual",
      ...(combined === undefined ? {} : { signal: combined }),
    });
  } catch (error) {
    // The URL is not in the message: it carries WhatsApp's access parameters.
    throw stopped(error) ?? new FlowMediaError("download-failed", { cause: error });
  }
  // "manual": a platform fetch hands back the 3xx itself (Node, workerd) or an opaque redirect
  // with status 0 (browsers, Deno); neither is followed.
  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
    await response.body?.cancel().catch(() => {});
    throw new FlowMediaError("redirect-refused", { status: response.status });
  }
  // A redirect followed on request must not have left https either.
  if (response.redirected && response.url !== "") {
    try {
      checkUrl(response.url, allowHttp);
    } catch (error) {
      await response.body?.cancel().catch(() => {});
      throw error;
    }
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new FlowMediaError("download-failed", { status: response.status });
  }
  let file: Uint8Array | undefined;
  try {
    file = await readBounded(
      response.body,
      response.headers.get("content-length"),
      maxBytes,
      combined === undefined ? {} : { signal: combined },
    );
  } catch (error) {
    throw stopped(error) ?? new FlowMediaError("download-failed", { cause: error });
  }
  if (file === undefined) throw new FlowMediaError("too-large");
  return decryptMediaWithKeys(backend, file, keys);
}

/**
 * Checks and decrypts a media file from a PhotoPicker or DocumentPicker, following Meta's
 * "Media upload components" steps: SHA-256 of the file against `encrypted_hash`, the 10-byte
 * HMAC-SHA256 trailer over `iv` ‖ ciphertext (compared in constant time), AES-256-CBC with
 * PKCS#7 padding, SHA-256 of the result against `plaintext_hash`.
 *
 * @param file - The file as downloaded from `cdn_url`: ciphertext followed by the 10-byte trailer.
 * @param metadata - The entry's `encryption_metadata`, base64 fields as WhatsApp sends them.
 * @returns The decrypted file. WhatsApp does not vouch for its content: treat it as untrusted.
 * @throws {FlowMediaError} whose `code` names the step that failed.
 * @example
 * const photo = await decryptFlowMedia(bytes, payload.data.photo[0].encryption_metadata);
 */
export function decryptFlowMedia(
  file: Uint8Array,
  metadata: FlowMediaEncryptionMetadata,
): Promise<Uint8Array> {
  return decryptFlowMediaUsing(webCrypto, file, metadata);
}

/**
 * Downloads a media file from WhatsApp's CDN and decrypts it ({@link decryptFlowMedia}),
 * refusing a file larger than `maxBytes` while it streams in. By default it downloads over https
 * only, follows no redirect and gives up after 30 s; `allowHttp`, `followRedirects` and
 * `timeoutMs` change that.
 *
 * @param media - One entry of the picker's value: `{ cdn_url, encryption_metadata, … }`.
 * @param options - `fetch`, `maxBytes` (default 25 MiB plus padding and trailer), `signal`,
 *   `timeoutMs` (default 30 s), `followRedirects` and `allowHttp` (both off by default).
 * @returns The decrypted file; treat its content as untrusted.
 * @throws {FlowMediaError} `invalid-metadata`, `insecure-url` (plain http without `allowHttp`),
 *   `redirect-refused`, `download-timeout`, `download-failed` (with `status` for an HTTP
 *   answer), `too-large`, or the code of the check that failed.
 * @throws {TypeError} or {RangeError} for an option of the wrong type or out of range, naming it.
 * @example
 * handle: async (payload, { signal }) => {
 *   for (const photo of payload.data.photos as FlowMedia[]) {
 *     await store(await downloadFlowMedia(photo, { signal }));
 *   }
 *   return { screen: "THANKS", data: {} };
 * }
 */
export function downloadFlowMedia(
  media: FlowMedia,
  options?: DownloadFlowMediaOptions,
): Promise<Uint8Array> {
  return downloadFlowMediaUsing(webCrypto, media, options);
}
