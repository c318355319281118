// Shapes the vendor's documents use (spec/vendor-reference.md) and how the generated types read
// them: openapi-typescript's output for a small spec, type-checked with TypeScript.
import { describe, expect, test } from "vitest";
import type { JsonObject } from "../lib/json.js";
import { renderSchema } from "../lib/render.js";
import { typecheckModules } from "./helpers/typecheck.js";

const stamp = { version: "1.41.0", sha256: "0".repeat(64), sources: [] };

/** One operation with a bare-object JSON body and response, and an OpenAPI 2 `type: file` form field. */
const spec: JsonObject = {
  openapi: "3.1.0",
  info: { title: "shapes", version: "1.41.0" },
  paths: {
    "/media": {
      post: {
        operationId: "upload-media",
        requestBody: {
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: { file: { type: "file" }, messaging_product: { type: "string" } },
              },
            },
          },
        },
        responses: {
          "200": {
            description: "OK",
            content: { "application/json": { schema: { type: "object" } } },
          },
        },
      },
      put: {
        operationId: "put-media",
        requestBody: { content: { "application/json": { schema: { type: "object" } } } },
        responses: { "204": { description: "No Content" } },
      },
    },
  },
};

describe("generated types for the vendor's shapes", () => {
  test('a bare {"type":"object"} body or response is Record<string, unknown>: its fields can be read and written', async () => {
    const schema = await renderSchema(spec, stamp);
    expect(schema).not.toMatch(/"application\/json": Record<string, never>/);
    const diagnostics = await typecheckModules({
      "schema.ts": schema,
      "use.ts": `import type { paths } from "./schema.js";
type Ok = paths["/media"]["post"]["responses"]["200"]["content"]["application/json"];
declare const ok: Ok;
const id: unknown = ok.id;
const body: paths["/media"]["put"]["requestBody"] = { content: { "application/json": { anything: 1 } } };
export { id, body };
`,
    });
    expect(diagnostics).toEqual([]);
  });

  test('a {"type":"file"} form field reads as binary (a string, as format: binary does), not an empty object', async () => {
    const schema = await renderSchema(spec, stamp);
    const diagnostics = await typecheckModules({
      "schema.ts": schema,
      "use.ts": `import type { paths } from "./schema.js";
type Form = NonNullable<paths["/media"]["post"]["requestBody"]>["content"]["multipart/form-data"];
type File = NonNullable<Form["file"]>;
const binary: File = "binary content";
// @ts-expect-error an object is not a file
const object: File = { any: 1 };
export { binary, object };
`,
    });
    expect(diagnostics).toEqual([]);
  });
});
