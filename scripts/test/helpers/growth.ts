import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import type { JsonObject } from "../../lib/json.js";
import { LAYOUT } from "../../lib/layout.js";
import { type SpecUpdateResult, specUpdate } from "../../lib/spec-update.js";
import { fixturePath, upstreamNamesByKind } from "./repo-copy.js";

/**
 * Documents in the vendor's style (spec/vendor-reference.md: one OpenAPI 3.1 document per
 * operation, each repeating info, servers, security and `utils.ErrorResp`) with the shapes the
 * vendor's pages show and the seed does not: bare `{"type":"object"}` bodies and responses, an
 * OpenAPI 2 `{"type":"file"}` in a form body (as on the Media Uploads page), a literal colon
 * in `/upload:{session_id}`, root-level `/{media_id}` (GET, DELETE) beside `POST /{session_id}`,
 * and a DELETE with a body (Block Users). Operation names follow the pages where the excerpts
 * show them and are ours where they do not.
 */
export function syntheticVendorDocuments(): Record<string, JsonObject> {
  const error = { $ref: "#/components/schemas/utils.ErrorResp" };
  const errors = {
    "400": { content: { "application/json": { schema: error } }, description: "Bad request" },
    "401": { content: { "application/json": { schema: error } }, description: "Unauthorized" },
    "500": {
      content: { "application/json": { schema: error } },
      description: "Internal server error",
    },
  };
  const bare = { content: { "application/json": { schema: { type: "object" } } } };
  const tags: Record<string, string> = {
    Media: "Endpoints for managing media files",
    "Media Uploads": "Endpoints for uploading media files",
    "Block Users": "Endpoints for blocking and unblocking users",
  };
  const pathParameter = (name: string, description: string) => ({
    description,
    in: "path",
    name,
    required: true,
    schema: { type: "string" },
  });
  const document = (
    tag: string,
    path: string,
    method: string,
    operation: JsonObject,
    schemas: JsonObject = {},
  ): JsonObject => ({
    openapi: "3.1.0",
    info: { title: "Messaging API", version: "1.41.0" },
    tags: [{ name: tag, description: tags[tag] ?? "" }],
    servers: [{ description: "Production server", url: "https://waba-v2.360dialog.io" }],
    security: [{ "D360-API-KEY": [] }],
    components: {
      securitySchemes: {
        "D360-API-KEY": {
          description:
            "API Key for Messaging API authentication. Send your API key in the D360-API-KEY header.",
          in: "header",
          name: "D360-API-KEY",
          type: "apiKey",
        },
      },
      schemas: {
        ...schemas,
        "utils.ErrorResp": { properties: { error: { type: "string" } }, type: "object" },
      },
    },
    paths: { [path]: { [method]: { ...operation, tags: [tag] } } },
  });
  const mediaId = pathParameter("media_id", "Media ID");
  const sessionId = pathParameter("session_id", "Upload session ID (the part after 'upload:')");
  return {
    "get-media-url": document(
      "Media",
      "/{media_id}",
      "get",
      {
        operationId: "get-media-url",
        summary: "Retrieve Media URL",
        parameters: [mediaId],
        responses: {
          "200": {
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/media_id.GetMediaURLResponse" },
              },
            },
            description: "Media URL retrieved",
          },
          ...errors,
        },
      },
      {
        "media_id.GetMediaURLResponse": {
          properties: {
            file_size: { type: "integer" },
            id: { type: "string" },
            mime_type: { type: "string" },
            sha256: { type: "string" },
            url: { type: "string" },
          },
          type: "object",
        },
      },
    ),
    "delete-media": document("Media", "/{media_id}", "delete", {
      operationId: "delete-media",
      summary: "Delete Media",
      parameters: [mediaId],
      responses: { "200": { ...bare, description: "Media deleted" }, ...errors },
    }),
    "upload-media": document("Media Uploads", "/media", "post", {
      operationId: "upload-media",
      summary: "Upload Media",
      requestBody: {
        content: {
          "application/x-www-form-urlencoded": {
            schema: {
              oneOf: [
                { title: "messaging_product", type: "string" },
                { title: "file", type: "file" },
              ],
            },
          },
          "multipart/form-data": {
            schema: {
              properties: { file: { type: "file" }, messaging_product: { type: "string" } },
              type: "object",
            },
          },
        },
        description: "Messaging product (must be 'whatsapp') | Media file to upload",
        required: true,
      },
      responses: { "200": { ...bare, description: "Media uploaded successfully" }, ...errors },
    }),
    "get-upload-session-status": document("Media Uploads", "/upload:{session_id}", "get", {
      operationId: "get-upload-session-status",
      summary: "Get Upload Session Status",
      parameters: [sessionId],
      responses: { "200": { ...bare, description: "Session status retrieved" }, ...errors },
    }),
    "upload-file-data": document("Media Uploads", "/{session_id}", "post", {
      operationId: "upload-file-data",
      summary: "Upload File Data to Session (Resumable Upload API)",
      parameters: [sessionId, { in: "header", name: "file_offset", schema: { type: "integer" } }],
      requestBody: { ...bare, description: "File data" },
      responses: { "200": { ...bare, description: "File uploaded successfully" }, ...errors },
    }),
    "unblock-users": document("Block Users", "/block_users", "delete", {
      operationId: "unblock-users",
      summary: "Unblock Users",
      requestBody: { ...bare, required: true, description: "Users to unblock" },
      responses: { "200": { ...bare, description: "Users unblocked" }, ...errors },
    }),
  };
}

/**
 * Writes {@link syntheticVendorDocuments} into `root`/growth-inputs/ (compact, as the vendor's
 * pages embed them) and lists the inputs that grow the spec of a repository copy (`copyRepo`):
 * every document already in spec/upstream/, the vendor's real Media document
 * (scripts/test/fixtures/vendor/get-media-attachments.json) and the synthetic ones.
 */
export async function growthInputs(root: string): Promise<string[]> {
  const scratch = path.join(root, "growth-inputs");
  await mkdir(scratch, { recursive: true });
  // The vendor's documents only: the derived one is the projection's output, not an input.
  const inputs = (await upstreamNamesByKind(root)).vendor.map((name) =>
    path.join(root, LAYOUT.upstreamDir, name),
  );
  inputs.push(fixturePath("vendor/get-media-attachments.json"));
  for (const [name, document] of Object.entries(syntheticVendorDocuments())) {
    const file = path.join(scratch, `${name}.json`);
    await writeFile(file, JSON.stringify(document));
    inputs.push(file);
  }
  return inputs;
}

/** Grows the spec of a repository copy through `spec:update` with {@link growthInputs}. */
export async function growSpec(root: string): Promise<SpecUpdateResult> {
  return specUpdate({ root, cwd: root, inputs: await growthInputs(root) });
}
