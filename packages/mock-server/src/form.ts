/** The request body, read up to a limit. */
export interface ReadBody {
  /** The bytes read: the whole body, or the first `maxBytes` of a body that was too large. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Whether the body was larger than the limit (and so not read to the end). */
  tooLarge: boolean;
}

/**
 * Read a request body without buffering more than `maxBytes`, so that a huge
 * upload costs the mock nothing and is answered 413.
 */
export async function readBody(request: Request, maxBytes: number): Promise<ReadBody> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { bytes: new Uint8Array(0), tooLarge: true };
  }
  if (!request.body) return { bytes: new Uint8Array(0), tooLarge: false };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - length;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      await reader.cancel().catch(() => {});
      return { bytes: concat(chunks, maxBytes), tooLarge: true };
    }
    chunks.push(value);
    length += value.byteLength;
  }
  return { bytes: concat(chunks, length), tooLarge: false };
}

function concat(chunks: Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The form field the API reads the key from (vendor spec, `POST /whatsapp_business_encryption`). */
export const KEY_FIELD = "business_public_key";

/** Outcome of reading the key field from a form body: the raw value, or a 400 message. */
export type KeyFieldResult = { ok: true; value: string } | { ok: false; error: string };

/**
 * Read `business_public_key` from a form body. The spec lists two request
 * media types, `application/x-www-form-urlencoded` and `multipart/form-data`;
 * anything else is a malformed request (400, the status the spec documents).
 * The first value of a repeated field wins (as with `URLSearchParams.get`).
 */
export async function readKeyField(
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string | null,
): Promise<KeyFieldResult> {
  const mediaType = (contentType?.split(";", 1)[0]?.trim().toLowerCase() ?? "").slice(0, 100);
  let value: FormDataEntryValue | string | null;
  if (mediaType === "application/x-www-form-urlencoded") {
    value = new URLSearchParams(new TextDecoder().decode(bytes)).get(KEY_FIELD);
  } else if (mediaType === "multipart/form-data" && contentType) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
    } catch {
      return { ok: false, error: "Malformed multipart/form-data body" };
    }
    value = form.get(KEY_FIELD);
    // A key uploaded as a file part (curl -F business_public_key=@key.pem) counts too.
    if (value !== null && typeof value !== "string") value = await value.text();
  } else {
    return {
      ok: false,
      error: `Unsupported Content-Type${mediaType ? ` ${mediaType}` : ""}: send ${KEY_FIELD}=<PEM> as application/x-www-form-urlencoded or multipart/form-data`,
    };
  }
  if (value === null) {
    return { ok: false, error: `Missing ${KEY_FIELD}: send the PEM public key in that form field` };
  }
  if (value.trim() === "") return { ok: false, error: `${KEY_FIELD} is empty` };
  return { ok: true, value };
}
