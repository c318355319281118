// The vendor's real document shapes (spec/vendor-reference.md): root-level templates
// (`/{media_id}`, `/{session_id}`) beside literal paths, a literal colon (`/upload:{session_id}`),
// OpenAPI 2's `{"type": "file"}` in a form body (the Media Uploads page's `upload-media`), and the
// Media page's real `get-media-attachments` document. The synthetic operations follow the
// Media, Media Uploads and Groups pages (method, path, parameters); each answers with an example
// naming itself, so a test sees which operation answered.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMockHandler, DEFAULT_API_KEY, type SpecDocument } from "../src/index.js";

const BASE = "http://mock.test";
const AUTH = { "D360-API-KEY": DEFAULT_API_KEY };

const MEDIA_ATTACHMENTS = JSON.parse(
  readFileSync(
    new URL("../../../scripts/test/fixtures/vendor/get-media-attachments.json", import.meta.url),
    "utf8",
  ),
) as Required<SpecDocument>;

const named = (operationId: string, status = "200") => ({
  operationId,
  responses: { [status]: { content: { "application/json": { example: { operationId } } } } },
});
const pathParameter = (name: string) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string" },
});

// The vendor's `upload-media` request body as its page (1.41.0) shows it,
// https://docs.360dialog.com/docs/messaging-api/api-reference/media-uploads.md
const UPLOAD_MEDIA_BODY = {
  content: {
    "application/x-www-form-urlencoded": {
      schema: {
        oneOf: [
          { title: "messaging_product", type: "string" },
          { title: "file", type: "file" },
        ],
      },
    },
    "multipart/form-data": { schema: { type: "object" } },
  },
  description: "Messaging product (must be 'whatsapp') | Media file to upload",
  required: true,
};

/**
 * Templated paths first, so that document order alone would let them catch literal paths (the
 * order a merge of the vendor's pages can produce).
 */
function vendorSpec(): SpecDocument {
  return {
    paths: {
      "/{session_id}": {
        post: {
          ...named("upload-with-session"),
          parameters: [
            pathParameter("session_id"),
            { name: "file_offset", in: "header", schema: { type: "integer" } },
          ],
        },
      },
      "/{media_id}": {
        get: { ...named("get-media-url"), parameters: [pathParameter("media_id")] },
        delete: { ...named("delete-media"), parameters: [pathParameter("media_id")] },
      },
      "/groups/{group_id}": {
        get: { ...named("get-group"), parameters: [pathParameter("group_id")] },
      },
      "/upload:{session_id}": {
        get: { ...named("get-upload-session"), parameters: [pathParameter("session_id")] },
      },
      "/groups": { get: named("get-active-groups"), post: named("create-group", "201") },
      "/uploads": { post: named("create-upload-session") },
      "/media": {
        post: {
          operationId: "upload-media",
          requestBody: UPLOAD_MEDIA_BODY,
          responses: {
            "200": {
              content: {
                "application/json": {
                  schema: { $ref: "#/components/schemas/media.ResponsePayload" },
                },
              },
            },
          },
        },
      },
      "/whatsapp_business_encryption": { delete: named("delete-business-public-key") },
      ...MEDIA_ATTACHMENTS.paths,
    },
    components: {
      schemas: {
        ...MEDIA_ATTACHMENTS.components.schemas,
        "media.ResponsePayload": { properties: { id: { type: "string" } }, type: "object" },
      },
    },
  };
}

async function call(
  method: string,
  target: string,
  init: RequestInit = {},
  spec: SpecDocument = vendorSpec(),
): Promise<Response> {
  return createMockHandler({ spec })(
    new Request(`${BASE}${target}`, { ...init, method, headers: { ...AUTH, ...init.headers } }),
  );
}

async function operation(method: string, target: string): Promise<[number, unknown]> {
  const response = await call(method, target);
  const body = response.headers.get("content-type")?.startsWith("application/json")
    ? await response.json()
    : await response.text();
  return [response.status, (body as { operationId?: string }).operationId ?? body];
}

describe("paths matched the way OpenAPI says: literal before templated, a literal colon is literal", () => {
  it.each([
    ["POST", "/groups", 201, "create-group"],
    ["GET", "/groups", 200, "get-active-groups"],
    ["GET", "/groups/g-1", 200, "get-group"],
    ["POST", "/uploads", 200, "create-upload-session"],
    ["GET", "/upload:abc123", 200, "get-upload-session"],
    // The vendor's `POST /{session_id}` takes the session id with its `upload:` prefix.
    ["POST", "/upload:abc123", 200, "upload-with-session"],
    ["DELETE", "/whatsapp_business_encryption", 200, "delete-business-public-key"],
  ])("%s %s: %i from %s", async (method, target, status, id) => {
    expect(await operation(method, target)).toEqual([status, id]);
  });

  it("GET and DELETE /{media_id} are the hand-written Media routes: an id never uploaded is 404", async () => {
    for (const method of ["GET", "DELETE"]) {
      const [status, body] = await operation(method, "/1234567890");
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    }
  });

  it("the real get-media-attachments document: its literal path with a trailing slash, a bare object response", async () => {
    const response = await call("GET", "/whatsapp_business/attachments/");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it("a path parameter is percent-decoded and validated against its schema", async () => {
    const spec: SpecDocument = {
      paths: {
        "/upload:{session_id}": {
          get: {
            ...named("get-upload-session"),
            parameters: [{ ...pathParameter("session_id"), schema: { pattern: "^[a-z0-9 ]+$" } }],
          },
        },
      },
    };
    expect((await call("GET", "/upload:ab%20c", {}, spec)).status).toBe(200);
    const refused = await call("GET", "/upload:ab%2Fc", {}, spec);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: expect.stringMatching(/^Invalid path parameters \(\/session_id: /),
    });
  });
});

describe("405 only when no route, hand-written or from the spec, has the method", () => {
  it("the hand-written Encryption path keeps GET and POST; DELETE from the spec; PUT is 405 naming all", async () => {
    const spec: SpecDocument = {
      paths: { "/whatsapp_business_encryption": { delete: named("delete-business-public-key") } },
    };
    const get = await call("GET", "/whatsapp_business_encryption", {}, spec);
    expect(await get.json()).toEqual({ data: [] });
    const remove = await call("DELETE", "/whatsapp_business_encryption", {}, spec);
    expect(await remove.json()).toEqual({ operationId: "delete-business-public-key" });
    const put = await call("PUT", "/whatsapp_business_encryption", {}, spec);
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST, DELETE");
  });

  it("a method no route of any path has is 405, with every method a matching route serves", async () => {
    const put = await call("PUT", "/groups");
    expect(put.status).toBe(405);
    // `/groups` is also a `/{media_id}` (GET, DELETE) and a `/{session_id}` (POST).
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST, DELETE");
    expect((await call("GET", "/groups/g-1/members")).status).toBe(404);
  });
});

describe("OpenAPI 2's type file in a form body is read as binary (upload-media)", () => {
  // Only the vendor's `/media` operation, so that no other route could answer in its place;
  // served at a path and operationId of its own, as `POST /media` is hand-written.
  const uploadSpec = (): SpecDocument => {
    const { paths, components } = vendorSpec();
    const post = { ...(paths?.["/media"]?.post as object), operationId: "spec-upload-media" };
    return { paths: { "/spec/media": { post } }, components };
  };

  it("a real multipart body with a file part validates", async () => {
    const form = new FormData();
    form.append("messaging_product", "whatsapp");
    form.append(
      "file",
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }),
      "a.png",
    );
    const response = await call("POST", "/spec/media", { body: form }, uploadSpec());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "string" });
  });

  it("a urlencoded body of the fields the vendor's oneOf lists validates", async () => {
    const body = new URLSearchParams({ messaging_product: "whatsapp" });
    expect((await call("POST", "/spec/media", { body }, uploadSpec())).status).toBe(200);
    // A JSON body is not one of its media types.
    const json = await call(
      "POST",
      "/spec/media",
      { body: "{}", headers: { "content-type": "application/json" } },
      uploadSpec(),
    );
    expect(json.status).toBe(400);
  });

  it("a multipart schema naming a file field: a file part validates, a missing one is a 400", async () => {
    const spec: SpecDocument = {
      paths: {
        "/spec/media": {
          post: {
            ...named("spec-upload-media"),
            requestBody: {
              required: true,
              content: {
                "multipart/form-data": {
                  schema: {
                    type: "object",
                    required: ["file", "messaging_product"],
                    properties: {
                      file: { type: "file" },
                      messaging_product: { type: "string", enum: ["whatsapp"] },
                      // An example that looks like a schema stays data.
                      note: { type: "string", example: { type: "file" } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const form = new FormData();
    form.append("messaging_product", "whatsapp");
    form.append("file", new Blob(["%PDF-1.7"], { type: "application/pdf" }), "a.pdf");
    expect((await call("POST", "/spec/media", { body: form }, spec)).status).toBe(200);
    const noFile = new FormData();
    noFile.append("messaging_product", "whatsapp");
    const refused = await call("POST", "/spec/media", { body: noFile }, spec);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: 'Invalid request body (/: Instance does not have required property "file".)',
    });
  });

  it("a form field typed as an integer is read as one", async () => {
    const spec: SpecDocument = {
      paths: {
        "/uploads": {
          post: {
            ...named("create-upload-session"),
            requestBody: {
              content: {
                "application/x-www-form-urlencoded": {
                  schema: {
                    type: "object",
                    properties: { file_length: { type: "integer", minimum: 1 } },
                  },
                },
              },
            },
          },
        },
      },
    };
    const send = (value: string) =>
      call("POST", "/uploads", { body: new URLSearchParams({ file_length: value }) }, spec);
    expect((await send("1024")).status).toBe(200);
    expect((await send("0")).status).toBe(400);
  });
});

it("a form field named __proto__ is a field like any other", async () => {
  // JSON.parse keeps `__proto__` as a property name, as a spec read from a file does.
  const spec = JSON.parse(`{"paths": {"/uploads": {"post": {
    "operationId": "create-upload-session",
    "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
      "type": "object", "required": ["__proto__"], "properties": {"__proto__": {"type": "integer"}}
    }}}},
    "responses": {"200": {}}
  }}}}`) as SpecDocument;
  const send = (body: string) =>
    call(
      "POST",
      "/uploads",
      { body, headers: { "content-type": "application/x-www-form-urlencoded" } },
      spec,
    );
  expect((await send("__proto__=7")).status).toBe(200);
  expect((await send("__proto__=seven")).status).toBe(400);
  expect((await send("other=7")).status).toBe(400);
});
