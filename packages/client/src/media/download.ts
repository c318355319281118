// `client.media.download` (declared in src/extensions/tags/media.ts, loaded on first use).

import type { TagContext } from "../operation/extension.js";
import { fetchUrl } from "./fetch-url.js";
import { operationAt } from "./operation-at.js";
import type { DownloadedMedia, DownloadMediaOptions } from "./types.js";

/** Meta's media host, which 360dialog serves under its own base URL (see `MediaMethods.download`). */
const META_MEDIA_HOST = "lookaside.fbsbx.com";
/** The Cloud API's largest media file (360dialog's "Upload, retrieve or delete media": "100MB"). */
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/** GET /{media_id} for the URL, then the file, streamed and bounded by `maxBytes`. */
export async function download(
  { call, operations, transport, fail }: TagContext,
  mediaId: string,
  { signal, maxBytes = DEFAULT_MAX_BYTES, ...query }: DownloadMediaOptions = {},
): Promise<DownloadedMedia> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`media.download: maxBytes must be a positive integer, got ${maxBytes}`);
  }
  const info = (await call(operationAt(operations, "GET", "/{media_id}"), {
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
    throw new fail(
      `media.download: the API announces ${fileSize} bytes for media ${mediaId}, over maxBytes (${maxBytes}); raise maxBytes to download it`,
      { code: "too_large", limit: maxBytes, size: fileSize, mimeType },
    );
  }
  const { baseUrl } = transport.callContext;
  let url = new URL(info.url, `${baseUrl}/`);
  // 360dialog serves Meta's media path and query on its own host, with D360-API-KEY
  // (https://docs.360dialog.com/docs/waba-messaging/media/upload-retrieve-or-delete-media).
  if (url.hostname === META_MEDIA_HOST) url = new URL(baseUrl + url.pathname + url.search);
  const response = await fetchUrl(transport, url, { signal, maxBytes });
  return {
    // A 200 always has a body; an empty stream stands in for a platform that gives null.
    stream: response.body ?? (new Response("").body as ReadableStream<Uint8Array>),
    mimeType: mimeType ?? response.headers.get("content-type") ?? undefined,
    sha256: info.sha256,
    fileSize,
  };
}
