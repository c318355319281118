import { D360Error, isNamed } from "./D360Error.js";

/**
 * Why a {@link MediaError} was thrown: `"unsupported_type"` (WhatsApp does not take this MIME
 * type), `"too_large"` (over WhatsApp's limit for the type, or over your `maxBytes` on a
 * download), `"size_mismatch"` (a download ended short of the size the API announced).
 */
export type MediaErrorCode = "unsupported_type" | "too_large" | "size_mismatch";

/** What a {@link MediaError} carries. */
export interface MediaErrorFields {
  /** What went wrong, see {@link MediaErrorCode}. */
  readonly code: MediaErrorCode;
  /** The MIME type concerned, e.g. `"image/png"`. */
  readonly mimeType?: string | undefined;
  /** The limit in bytes that was exceeded (for `"too_large"`). */
  readonly limit?: number | undefined;
  /** The size in bytes that was found (the file's, or what the server announced). */
  readonly size?: number | undefined;
}

/**
 * A media file WhatsApp would refuse, found before anything was sent (an upload), or a download
 * over the `maxBytes` you set. The message names the limit and what to do.
 *
 * @example
 * ```ts
 * try {
 *   await client.mediaUploads.uploadMedia(bytes, { type: "image/png" });
 * } catch (error) {
 *   if (isMediaError(error) && error.code === "too_large") console.error(error.limit);
 *   else throw error;
 * }
 * ```
 */
export class MediaError extends D360Error implements MediaErrorFields {
  override name = "MediaError";
  declare readonly code: MediaErrorCode;
  declare readonly mimeType?: string | undefined;
  declare readonly limit?: number | undefined;
  declare readonly size?: number | undefined;
  // D360Error's constructor: `(message, fields)`, the fields being {@link MediaErrorFields}.
}

/**
 * Whether `error` is this client's {@link MediaError}, also across realms.
 *
 * @example
 * ```ts
 * if (isMediaError(error)) console.error(error.code, error.limit);
 * ```
 */
export function isMediaError(error: unknown): error is MediaError {
  return isNamed(error, "MediaError");
}
