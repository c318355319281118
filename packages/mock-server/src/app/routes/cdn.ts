import { CDN_PATH, type MediaCdn } from "../../cdn.js";
import { errorResponse } from "../../errors.js";
import { API_KEY } from "../../record.js";
import { VENDOR_MESSAGES } from "../../vendor.js";
import type { Route } from "./table.js";

/**
 * The media CDN: `GET /cdn/{id}` serves a stored file byte for byte with its Content-Length,
 * 404 for an unknown id. A file put on it with `cdn.put` needs no API key: WhatsApp's `cdn_url`
 * carries its own access parameters, and the endpoint downloads without 360dialog credentials.
 * A file uploaded with `POST /media` needs the uploading channel's `D360-API-KEY`, as
 * 360dialog's media download does (360dialog, "Upload, retrieve or delete media",
 * https://docs.360dialog.com/partner/~/changes/1051/messaging/media-messages/upload-retrieve-delete-media),
 * and is served with its MIME type. Queued faults apply here too (they run before every route),
 * so a test can make a download fail or stall.
 */
export function cdnRoutes(cdn: MediaCdn): Route[] {
  return [
    {
      method: "GET",
      path: `${CDN_PATH}/{id}`,
      authenticated: false,
      handle: (c, params) => {
        const file = cdn.file(params.id ?? "");
        if (file === undefined) return errorResponse(404, "No such media file on the mock CDN");
        if (file.owner !== undefined) {
          const apiKey = c.req.raw.headers.get(API_KEY);
          if (!apiKey) {
            return errorResponse(401, "Missing API key: send it in the D360-API-KEY header");
          }
          if (apiKey !== file.owner) return errorResponse(401, VENDOR_MESSAGES.invalidApiKey);
        }
        return new Response(new Uint8Array(file.bytes), {
          status: 200,
          headers: {
            "Content-Type": file.mimeType ?? "application/octet-stream",
            "Content-Length": String(file.bytes.length),
          },
        });
      },
    },
  ];
}
