// Hand-written methods of the `media` namespace beside its operations: `download`, which the
// spec cannot describe as an operation (it is a GET of the URL that `GET /{media_id}` returns),
// and `upload` (POST /media, tag Media Uploads), which checks the file against WhatsApp's limits
// and sends it as multipart/form-data where Meta's document lists a JSON form first (its `file`
// is curl's `@path` syntax, which no client can send). The work is in src/media/, loaded on
// first use.
import type {
  DownloadedMedia,
  DownloadMediaOptions,
  UploadMediaOptions,
} from "../../media/types.js";
import type { TagContext } from "../../operation/extension.js";

/** The methods {@link MediaApi} has beside its operations. */
export interface MediaMethods {
  /**
   * Download a media file by its ID (from an upload or an incoming message's webhook):
   * `GET /{media_id}` for its URL, then a GET of that URL, streamed and bounded by `maxBytes`.
   *
   * The URL the API returns is Meta's (`https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=…`);
   * 360dialog serves the same path and query on its own host with `D360-API-KEY`
   * (https://docs.360dialog.com/docs/waba-messaging/media/upload-retrieve-or-delete-media,
   * "Download media from a media URL": `https://waba-v2.360dialog.io/whatsapp_business/attachments/?mid=…`),
   * so that host is replaced by the client's `baseUrl`. The API key is sent only to the
   * `baseUrl`'s origin: a URL on any other host is fetched without it, and no redirect is
   * followed (an `ApiError` of kind `"redirect"`).
   *
   * @param mediaId - the media's ID
   * @throws {MediaError} code `"too_large"` when the API announces a file over `maxBytes`
   * @throws {ApiError} on an error status (the lookup's or the download's), a redirect, or a
   *   lookup without a `url`; the stream fails with an `ApiError` of kind `"too_large"` past `maxBytes`
   * @throws {TimeoutError} when `timeout` or `totalTimeout` ran out before the file's headers
   * @throws {NetworkError} when no response arrived
   * @example
   * ```ts
   * const media = await client.media.download(message.image.id, { maxBytes: 5_000_000 });
   * await writeFile("photo.jpg", media.stream); // Node: a web ReadableStream is accepted
   * ```
   */
  download(mediaId: string, options?: DownloadMediaOptions): Promise<DownloadedMedia>;

  /**
   * Upload a media file (`POST /media`, 360dialog's "Upload Media":
   * https://docs.360dialog.com/docs/waba-messaging/media/upload-retrieve-or-delete-media) to
   * send it by ID. The MIME type and size are checked against WhatsApp's limits first (images
   * 5 MB, audio and video 16 MB, documents 100 MB, stickers 100 KB static or 500 KB animated): a
   * file WhatsApp would refuse throws a `MediaError` naming the limit, and nothing is sent.
   *
   * @param file - the file: a `Blob`, a `File` or its bytes
   * @throws {MediaError} code `"unsupported_type"` or `"too_large"`; nothing was sent
   * @throws {TypeError} when no MIME type is given and the Blob has none
   * @throws {ApiError} on an error status (after retries) or an answer without an `id`
   * @throws {TimeoutError} when `timeout` or `totalTimeout` ran out
   * @throws {NetworkError} when no response arrived
   * @example
   * ```ts
   * const { id } = await client.media.upload(await readFile("photo.jpg"), { type: "image/jpeg" });
   * await client.messages.sendMessage({
   *   messaging_product: "whatsapp",
   *   to: "15551234567",
   *   type: "image",
   *   image: { id },
   * });
   * ```
   */
  upload(
    file: Blob | Uint8Array,
    options?: UploadMediaOptions,
  ): Promise<{
    /** The media ID, to send the file by (`image: { id }`). */
    id: string;
  }>;
}

// Loaded on first use (size budget, see src/media/lazy.ts).
export default function media(context: TagContext): MediaMethods {
  return {
    download: async (mediaId, options) =>
      (await import("../../media/lazy.js")).download(context, mediaId, options),
    upload: async (file, options) =>
      (await import("../../media/lazy.js")).upload(context, file, options),
  };
}
