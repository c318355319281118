// Hand-written methods of the `media` namespace beside its operations: `download`, which the
// spec cannot describe as an operation (it is a GET of the URL that `GET /{media_id}` returns).
import { MediaError } from "../../errors/MediaError.js";
import { OPERATIONS } from "../../generated/operations.js";
import { defineTagExtension, type TagExtension } from "../../operation/extension.js";

/** Options of {@link MediaMethods.download}. */
export interface DownloadMediaOptions {
  /**
   * Cancels the call: the URL lookup, the download and the stream while you read it.
   * @default none
   * @example
   * ```ts
   * { signal: AbortSignal.timeout(30_000) }
   * ```
   */
  signal?: AbortSignal;
  /**
   * Largest file accepted, in bytes: a larger announced size is refused before the download
   * starts, and the stream fails with an `ApiError` of kind `"too_large"` once more bytes flowed.
   * @default 104857600 (100 MiB, the largest media file the Cloud API takes)
   * @example
   * ```ts
   * { maxBytes: 5 * 1024 * 1024 }
   * ```
   */
  maxBytes?: number;
  /**
   * The `phone_number_id` query parameter of `GET /{media_id}`: the lookup fails unless the
   * media belongs to this number.
   * @default none
   * @example
   * ```ts
   * { phone_number_id: "1234567890" }
   * ```
   */
  phone_number_id?: string;
}

/** A media file being downloaded: its bytes as they arrive, and what the API says of it. */
export interface DownloadedMedia {
  /** The file's bytes, streamed; read it once (pipe it to a file, or `new Response(stream).arrayBuffer()`). */
  stream: ReadableStream<Uint8Array>;
  /** MIME type the API gives for the file, e.g. `"image/jpeg"`. */
  mimeType: string | undefined;
  /** SHA-256 of the file as the API gives it (hex), to check what you stored. */
  sha256: string | undefined;
  /** Size in bytes the API gives for the file. */
  fileSize: number | undefined;
}

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
}

/** Meta's media host, which 360dialog serves under its own base URL (see `download`). */
const META_MEDIA_HOST = "lookaside.fbsbx.com";
/** The Cloud API's largest media file (the same 360dialog page: "100MB"). */
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export default defineTagExtension(
  "media",
  ({ call, baseUrl, fetchUrl }): MediaMethods => ({
    async download(mediaId, { signal, maxBytes = DEFAULT_MAX_BYTES, ...query } = {}) {
      if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
        throw new RangeError(
          `media.download: maxBytes must be a positive integer, got ${maxBytes}`,
        );
      }
      const info = (await call(OPERATIONS.retrieveMediaUrl, {
        path: { media_id: mediaId },
        query,
        signal,
        accept: (body: { url?: unknown }) => typeof body.url === "string",
        expected: '{"url": "…"} with the media URL',
      })) as { url: string; mime_type?: string; sha256?: string; file_size?: string | number };
      const fileSize =
        info.file_size === undefined || info.file_size === "" ? undefined : Number(info.file_size);
      const mimeType = info.mime_type;
      if (fileSize !== undefined && fileSize > maxBytes) {
        throw new MediaError(
          `media.download: the API announces ${fileSize} bytes for media ${mediaId}, over maxBytes (${maxBytes}); raise maxBytes to download it`,
          { code: "too_large", limit: maxBytes, size: fileSize, mimeType },
        );
      }
      let url = new URL(info.url, `${baseUrl}/`);
      if (url.hostname === META_MEDIA_HOST) url = new URL(baseUrl + url.pathname + url.search);
      const response = await fetchUrl(url, { signal, maxBytes });
      return {
        // A 200 always has a body; an empty stream stands in for a platform that gives null.
        stream: response.body ?? new Response(new Uint8Array()).body!,
        mimeType: mimeType ?? response.headers.get("content-type") ?? undefined,
        sha256: info.sha256,
        fileSize,
      };
    },
  }),
) as TagExtension<"media", MediaMethods>;
// The type is written out (`as`): JSR refuses an inferred type on an export (no "slow types").
