// What WhatsApp accepts as media, by MIME type, and up to what size: Meta's "Supported media
// types" table (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types,
// the same table as https://docs.aws.amazon.com/social-messaging/latest/userguide/supported-media-types.html).
// Meta writes the sizes as "5 MB", "100 KB" without saying 1000 or 1024: read as 1024-based,
// the larger, so that a file Meta takes is never refused here.
import type { MediaErrorFields } from "../errors/MediaError.js";

/** The `MediaError` class (passed in: see lazy.ts). */
export type MediaFailure = new (message: string, fields: MediaErrorFields) => Error;

const KB = 1024;
const MB = 1024 * KB;

/** Largest size in bytes per MIME type (lower case, without parameters). */
const LIMITS: Record<string, number> = {
  "audio/aac": 16 * MB,
  "audio/amr": 16 * MB,
  "audio/mpeg": 16 * MB,
  "audio/mp4": 16 * MB,
  "audio/ogg": 16 * MB,
  "text/plain": 100 * MB,
  "application/pdf": 100 * MB,
  "application/vnd.ms-powerpoint": 100 * MB,
  "application/msword": 100 * MB,
  "application/vnd.ms-excel": 100 * MB,
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 * MB,
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * MB,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 * MB,
  "image/jpeg": 5 * MB,
  "image/png": 5 * MB,
  // Stickers: 100 KB static, 500 KB animated (see `stickerIsAnimated`).
  "image/webp": 100 * KB,
  "video/3gp": 16 * MB,
  "video/3gpp": 16 * MB,
  "video/mp4": 16 * MB,
};
const ANIMATED_STICKER = 500 * KB;

/**
 * Whether a WebP file is animated: the extended format's `VP8X` chunk sets its Animation flag
 * (bit 1 of the byte after the chunk header), per the WebP container specification
 * (https://developers.google.com/speed/webp/docs/riff_container#extended_file_format).
 */
function stickerIsAnimated(head: Uint8Array): boolean {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  return (
    head.length > 20 &&
    text(0, 4) === "RIFF" &&
    text(8, 16) === "WEBPVP8X" &&
    ((head[20] ?? 0) & 0x02) !== 0
  );
}

/**
 * Throws a {@link MediaError} when WhatsApp would refuse `file` as `type`: a MIME type it does
 * not take, or a file over the type's limit. Nothing is sent before this passes.
 */
export async function checkMedia(file: Blob, type: string, fail: MediaFailure): Promise<void> {
  const mimeType = type.split(";")[0]?.trim().toLowerCase() ?? "";
  let limit = LIMITS[mimeType];
  if (limit === undefined) {
    throw new fail(
      `WhatsApp does not take media of type "${type}": use one of ${Object.keys(LIMITS).join(", ")} (Meta's "Supported media types")`,
      { code: "unsupported_type", mimeType: type, size: file.size },
    );
  }
  if (mimeType === "image/webp" && file.size > limit) {
    if (stickerIsAnimated(new Uint8Array(await file.slice(0, 21).arrayBuffer())))
      limit = ANIMATED_STICKER;
  }
  if (file.size > limit) {
    throw new fail(
      `The file is ${file.size} bytes, over WhatsApp's limit of ${limit} bytes for ${mimeType}${mimeType === "image/webp" ? (limit === ANIMATED_STICKER ? " (animated sticker)" : " (static sticker; 500 KB when animated)") : ""}: make it smaller, or send a link`,
      { code: "too_large", mimeType: type, limit, size: file.size },
    );
  }
}
