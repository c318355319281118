// `client.media.upload` (declared in src/extensions/tags/media.ts, loaded on first use): the file
// checked against WhatsApp's limits, then sent as multipart/form-data.

import type { TagContext } from "../operation/extension.js";
import { checkMedia } from "./limits.js";
import { operationAt } from "./operation-at.js";
import type { UploadMediaOptions } from "./types.js";

/** Checks `file`, then uploads it; resolves with the media ID. */
export async function upload(
  { call, operations, fail }: TagContext,
  file: Blob | Uint8Array,
  { type, filename, signal }: UploadMediaOptions = {},
): Promise<{ id: string }> {
  const blob = file instanceof Blob ? file : new Blob([file as Uint8Array<ArrayBuffer>]);
  const mimeType = type ?? blob.type;
  if (!mimeType) {
    throw new TypeError(
      'uploadMedia: the file\'s MIME type is required: pass { type: "image/jpeg" } (or a Blob with a type)',
    );
  }
  await checkMedia(blob, mimeType, fail);
  const name =
    filename ?? (typeof File !== "undefined" && file instanceof File ? file.name : "file");
  const body = (await call(operationAt(operations, "POST", "/media"), {
    // Meta's parameters: `file`, `type` and `messaging_product`
    // (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#upload-media).
    body: {
      messaging_product: "whatsapp",
      type: mimeType,
      file: new File([blob], name, { type: mimeType }),
    },
    mediaType: "multipart/form-data",
    signal,
    accept: (b: { id?: unknown }) => typeof b.id === "string" && b.id !== "",
    expected: '{"id": "<media id>"}',
  })) as { id: string };
  return { id: body.id };
}
