import { CDN_PATH, type MediaCdn } from "../../cdn.js";
import { errorResponse } from "../../errors.js";
import type { Route } from "./table.js";

/**
 * The media CDN: `GET /cdn/{id}` serves a stored file byte for byte with its Content-Length,
 * 404 for an unknown id. No API key: WhatsApp's `cdn_url` carries its own access parameters,
 * and the endpoint downloads without 360dialog credentials. Queued faults apply here too (they
 * run before every route), so a test can make a download fail or stall.
 */
export function cdnRoutes(cdn: MediaCdn): Route[] {
  return [
    {
      method: "GET",
      path: `${CDN_PATH}/{id}`,
      authenticated: false,
      handle: (_, params) => {
        const file = cdn.get(params.id ?? "");
        if (file === undefined) return errorResponse(404, "No such media file on the mock CDN");
        return new Response(new Uint8Array(file), {
          status: 200,
          headers: {
            "Content-Type": "application/octet-stream",
            "Content-Length": String(file.length),
          },
        });
      },
    },
  ];
}
