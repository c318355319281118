import type { HonoRequest } from "hono";

/** The form field the API reads the key from (vendor spec, `POST /whatsapp_business_encryption`). */
export const KEY_FIELD = "business_public_key";

/** Outcome of reading the key field from a form body: the raw value, or a 400 message. */
export type KeyFieldResult = { ok: true; value: string } | { ok: false; error: string };

/** The form media types, as the spec's form bodies list them. */
export const FORM_TYPES: ReadonlySet<string> = new Set([
  "application/x-www-form-urlencoded",
  "multipart/form-data",
]);

/** A request's media type: its Content-Type without parameters, lower-case; `""` without one. */
export function mediaType(req: HonoRequest): string {
  return req.header("content-type")?.split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

/**
 * Read `business_public_key` from a form body with Hono's `parseBody`. The spec lists two
 * request media types, `application/x-www-form-urlencoded` and `multipart/form-data`; anything
 * else is a malformed request (400, the status the spec documents). The first value of a
 * repeated field wins (as with `URLSearchParams.get`).
 */
export async function readKeyField(req: HonoRequest): Promise<KeyFieldResult> {
  const type = mediaType(req).slice(0, 100);
  if (!FORM_TYPES.has(type)) {
    return {
      ok: false,
      error: `Unsupported Content-Type${type ? ` ${type}` : ""}: send ${KEY_FIELD}=<PEM> as application/x-www-form-urlencoded or multipart/form-data`,
    };
  }
  let form: Awaited<ReturnType<HonoRequest["parseBody"]>>;
  try {
    form = await req.parseBody({ all: true });
  } catch {
    return { ok: false, error: `Malformed ${type} body` };
  }
  const field = form[KEY_FIELD];
  let value = Array.isArray(field) ? field[0] : field;
  if (value === undefined) {
    return { ok: false, error: `Missing ${KEY_FIELD}: send the PEM public key in that form field` };
  }
  // A key uploaded as a file part (curl -F business_public_key=@key.pem) counts too.
  if (typeof value !== "string") value = await value.text();
  if (value.trim() === "") return { ok: false, error: `${KEY_FIELD} is empty` };
  return { ok: true, value };
}
