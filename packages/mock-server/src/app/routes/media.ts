import type { Context } from "hono";
import { jsonResponse } from "../../errors.js";
import { mediaType } from "../../form.js";
import { newMediaId } from "../../messages/ids.js";
import { toHex } from "../../simulator/bytes.js";
import { GRAPH_ERRORS, graphError, invalidParameter } from "../../vendor.js";
import type { MockEnv, MockState } from "../env.js";
import type { HandWrittenTag } from "./table.js";

/** The path of Meta's upload-media operation. */
export const MEDIA_PATH = "/media";

// A MIME type as `type` gives it (`image/jpeg`, `application/vnd.ms-excel`).
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/**
 * The Media tag, hand-written, with the channel's uploads as state (Meta, "Media",
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media):
 *
 * - `upload-media`: `POST /media`, multipart `file`, `type` (its MIME type) and
 *   `messaging_product`; stores the bytes and answers `{"id"}`.
 * - `retrieve-media-url`: `GET /{media_id}` answers `url`, `mime_type`, `sha256`, `file_size`,
 *   `id`, `messaging_product`; the URL is on the mock's CDN and needs the channel's API key.
 * - `delete-media`: `DELETE /{media_id}` removes the file (`{"success": true}`).
 *
 * An id the channel does not hold is 404 in Meta's envelope.
 */
export const media: HandWrittenTag = {
  tag: "Media",
  routes: (state) => [
    {
      method: "POST",
      path: MEDIA_PATH,
      operationId: "upload-media",
      authenticated: true,
      handle: (c) => upload(c, state),
    },
    {
      method: "GET",
      path: "/{media_id}",
      operationId: "retrieve-media-url",
      authenticated: true,
      handle: (c, params) => retrieve(c, state, params.media_id ?? ""),
    },
    {
      method: "DELETE",
      path: "/{media_id}",
      operationId: "delete-media",
      authenticated: true,
      handle: (c, params) => remove(c, state, params.media_id ?? ""),
    },
  ],
};

function unknown(id: string): Response {
  // Meta: "Unsupported get request. Object with ID '…' does not exist", code 100, subcode 33.
  return graphError(
    404,
    GRAPH_ERRORS.invalidParameter,
    `Object with ID '${id.slice(0, 40)}' does not exist: it was never uploaded by this number, or it was deleted`,
    33,
  );
}

async function upload(c: Context<MockEnv>, state: MockState): Promise<Response> {
  const type = mediaType(c.req);
  if (type !== "multipart/form-data") {
    return invalidParameter(
      "Upload media as multipart/form-data with the fields file, type and messaging_product",
    );
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    return invalidParameter(
      "Malformed multipart/form-data body: send a boundary in the Content-Type",
    );
  }
  if (form.get("messaging_product") !== "whatsapp") {
    return invalidParameter('messaging_product must be "whatsapp"');
  }
  const file = form.get("file");
  if (file === null || typeof file === "string") {
    return invalidParameter("file is required: the media file as a file part");
  }
  const mimeType = form.get("type");
  if (typeof mimeType !== "string" || !MIME.test(mimeType)) {
    return invalidParameter("type is required: the file's MIME type, e.g. image/jpeg");
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha256 = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
  const id = newMediaId();
  const apiKey = c.var.apiKey;
  const cdnPath = state.cdn.putOwned(bytes, apiKey, mimeType);
  state.messaging
    .channel(apiKey)
    .media.set(id, { id, mimeType, sha256, fileSize: bytes.length, cdnPath });
  return jsonResponse({ id });
}

function retrieve(c: Context<MockEnv>, state: MockState, id: string): Response {
  const stored = state.messaging.channel(c.var.apiKey).media.get(id);
  if (stored === undefined) return unknown(id);
  return jsonResponse({
    messaging_product: "whatsapp",
    url: `${new URL(c.req.url).origin}${stored.cdnPath}`,
    mime_type: stored.mimeType,
    sha256: stored.sha256,
    // Meta's example gives the size as a string ("303833").
    file_size: String(stored.fileSize),
    id: stored.id,
  });
}

function remove(c: Context<MockEnv>, state: MockState, id: string): Response {
  const channel = state.messaging.channel(c.var.apiKey);
  const stored = channel.media.get(id);
  if (stored === undefined) return unknown(id);
  channel.media.delete(id);
  state.cdn.delete(stored.cdnPath);
  return jsonResponse({ success: true });
}
