// Options and results of the hand-written media and messages methods (declared in
// src/extensions/tags/), in a file of their own so that the lazily loaded code in this directory
// and the declarations can both import them without an import cycle.

/** Options of {@link MediaMethods.upload}. */
export interface UploadMediaOptions {
  /**
   * The file's MIME type, one of Meta's "Supported media types" (`image/jpeg`, `image/png`,
   * `image/webp` for stickers, `audio/ogg`, `video/mp4`, `application/pdf`, …); a `File` or
   * `Blob` with a type may leave it out.
   * @default the Blob's `type`
   * @example
   * ```ts
   * { type: "image/jpeg" }
   * ```
   */
  type?: string;
  /**
   * The file name sent with the upload.
   * @default the File's name, else `"file"`
   * @example
   * ```ts
   * { filename: "invoice.pdf" }
   * ```
   */
  filename?: string;
  /**
   * Cancels the call; it then rejects with the signal's reason.
   * @default none
   * @example
   * ```ts
   * { signal: AbortSignal.timeout(60_000) }
   * ```
   */
  signal?: AbortSignal;
}

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

/** Options of {@link MessagesMethods.markAsRead}. */
export interface MarkAsReadOptions {
  /**
   * Also show the user a typing indicator (until you reply, or for about 25 seconds).
   * @default false
   * @example
   * ```ts
   * { typingIndicator: true }
   * ```
   */
  typingIndicator?: boolean;
  /**
   * Cancels the call; it then rejects with the signal's reason.
   * @default none
   * @example
   * ```ts
   * { signal: AbortSignal.timeout(5_000) }
   * ```
   */
  signal?: AbortSignal;
}
