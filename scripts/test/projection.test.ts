import { describe, expect, it } from "vitest";
import type { JsonObject } from "../lib/json.js";
import {
  danglingRefs,
  deriveOperationId,
  ProjectionRowError,
  ProjectionTableError,
  parseProjectionTable,
  projectionChangeLines,
  projectionChanges,
  projectMetaDocument,
} from "../lib/projection.js";

/** A small document in Meta's style: `/{Version}/{…-ID}` paths, bearer auth, header parameters. */
function metaDocument(): JsonObject {
  return {
    openapi: "3.1.0",
    info: { title: "Meta test", version: "v23.0" },
    servers: [{ url: "https://graph.facebook.com" }],
    security: [{ bearerAuth: [] }],
    paths: {
      "/{Version}/{Phone-Number-ID}/messages": {
        parameters: [
          { name: "Version", in: "path", required: true, schema: { type: "string" } },
          { name: "Phone-Number-ID", in: "path", required: true, schema: { type: "string" } },
        ],
        post: {
          operationId: "sendMessage",
          tags: ["Messages"],
          security: [{ bearerAuth: [] }],
          description: "Send a message.",
          parameters: [
            { $ref: "#/components/parameters/UserAgent" },
            { $ref: "#/components/parameters/Authorization" },
            { $ref: "#/components/parameters/ContentType" },
          ],
          requestBody: {
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/Message" },
                examples: { Text: { value: { to: "1", text: { body: "hi" } } } },
              },
            },
          },
          responses: {
            "200": {
              description: "ok",
              headers: { "x-fb-trace-id": { $ref: "#/components/headers/TraceId" } },
              content: {
                "application/json": { schema: { $ref: "#/components/schemas/Sent" } },
              },
            },
          },
        },
      },
      "/{Version}/{Media-ID}": {
        get: {
          operationId: "retrieveMediaUrl",
          parameters: [
            { name: "Version", in: "path", required: true, schema: { type: "string" } },
            { name: "Media-ID", in: "path", required: true, schema: { type: "string" } },
            { name: "phone_number_id", in: "query", schema: { type: "string" } },
          ],
          responses: { "200": { description: "ok" } },
        },
      },
      "/{Version}/{Phone-Number-ID}/block_users": {
        post: {
          operationId: "blockUserS",
          parameters: [
            { name: "Version", in: "path", required: true, schema: { type: "string" } },
            { name: "Phone-Number-ID", in: "path", required: true, schema: { type: "string" } },
          ],
          responses: { "200": { description: "ok" } },
        },
      },
      "/{Version}/{Phone-Number-ID}/call_permissions": {
        get: {
          operationId: "checkCallPermissions",
          parameters: [
            { name: "Version", in: "path", required: true, schema: { type: "string" } },
            { name: "Phone-Number-ID", in: "path", required: true, schema: { type: "string" } },
            { name: "user_wa_id", in: "query", required: true, schema: { type: "string" } },
          ],
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      parameters: {
        UserAgent: { name: "User-Agent", in: "header", schema: { type: "string" } },
        Authorization: {
          name: "Authorization",
          in: "header",
          required: true,
          schema: { type: "string" },
        },
        ContentType: {
          name: "Content-Type",
          in: "header",
          required: true,
          schema: { type: "string" },
        },
      },
      headers: { TraceId: { schema: { type: "string" } } },
      schemas: {
        Message: {
          type: "object",
          properties: { to: { type: "string" }, text: { $ref: "#/components/schemas/Text" } },
          discriminator: { propertyName: "to", mapping: { x: "#/components/schemas/ByMapping" } },
        },
        ByMapping: { type: "object" },
        Text: { type: "object", properties: { body: { type: "string" } } },
        Sent: { type: "object", properties: { id: { type: "string" } } },
        Unused: { type: "object", properties: { again: { $ref: "#/components/schemas/Text" } } },
      },
    },
  };
}

const TABLE_YAML: JsonObject = {
  metaDocument: "meta.yaml",
  document: {
    info: { title: "Messaging API" },
    servers: [{ url: "https://waba-v2.360dialog.io" }],
    security: [{ "D360-API-KEY": [] }],
    securitySchemes: { "D360-API-KEY": { type: "apiKey", in: "header", name: "D360-API-KEY" } },
  },
  rows: [
    {
      vendor: "POST /messages",
      meta: "POST /{Version}/{Phone-Number-ID}/messages",
      tag: "Messages",
      reason: "same operation",
    },
    {
      vendor: "GET /{media_id}",
      meta: "GET /{Version}/{Media-ID}",
      tag: "Media",
      reason: "root-level media node",
    },
    {
      vendor: "POST /block_users",
      meta: "POST /{Version}/{Phone-Number-ID}/block_users",
      tag: "Block Users",
      operationId: "block-users-vendor",
      reason: "same operation",
    },
  ],
  notTyped: [{ vendor: "GET /health_status", tag: "Health", reason: "no Meta path" }],
};

function table(overrides: JsonObject = {}) {
  return parseProjectionTable({ ...structuredClone(TABLE_YAML), ...overrides }, "projection.yaml");
}

function project(
  meta = metaDocument(),
  vendorOperations = [] as { method: string; path: string }[],
) {
  return projectMetaDocument({ meta, metaSource: "meta.yaml", table: table(), vendorOperations });
}

describe("projectMetaDocument", () => {
  it("drops Meta's prefix and renames path parameters to the vendor's names", () => {
    const { document } = project();
    const paths = document.paths as Record<string, Record<string, JsonObject>>;
    expect(Object.keys(paths).sort()).toEqual(["/block_users", "/messages", "/{media_id}"]);
    const media = paths["/{media_id}"]?.get as JsonObject;
    expect(media.parameters).toEqual([
      { name: "media_id", in: "path", required: true, schema: { type: "string" } },
      { name: "phone_number_id", in: "query", schema: { type: "string" } },
    ]);
    // Path-item parameters are folded into the operation, minus the prefix's.
    expect(paths["/messages"]).not.toHaveProperty("parameters");
    expect(paths["/messages"]?.post).not.toHaveProperty("parameters");
  });

  it("replaces security and servers and removes Meta's credential and SDK headers", () => {
    const { document } = project();
    expect(document.servers).toEqual([{ url: "https://waba-v2.360dialog.io" }]);
    expect(document.security).toEqual([{ "D360-API-KEY": [] }]);
    const components = document.components as Record<string, JsonObject>;
    expect(components.securitySchemes).toEqual({
      "D360-API-KEY": { type: "apiKey", in: "header", name: "D360-API-KEY" },
    });
    const text = JSON.stringify(document);
    expect(text).not.toContain("bearerAuth");
    expect(text).not.toContain("Authorization");
    expect(text).not.toContain("User-Agent");
    for (const [path, item] of Object.entries(document.paths as Record<string, JsonObject>)) {
      expect(path).not.toContain("{Version}");
      for (const operation of Object.values(item) as JsonObject[]) {
        const names = ((operation.parameters ?? []) as JsonObject[]).map((p) => p.name);
        expect(names).not.toContain("Version");
        expect(names).not.toContain("Phone-Number-ID");
      }
    }
    expect(components).not.toHaveProperty("parameters");
  });

  it("keeps only the components the operations reach, transitively, with Meta's examples", () => {
    const { document } = project();
    const components = document.components as Record<string, JsonObject>;
    // ByMapping is named only by the discriminator's mapping.
    expect(Object.keys(components.schemas ?? {}).sort()).toEqual([
      "ByMapping",
      "Message",
      "Sent",
      "Text",
    ]);
    expect(Object.keys(components.headers ?? {})).toEqual(["TraceId"]);
    expect(danglingRefs(document)).toEqual([]);
    const post = (document.paths as Record<string, Record<string, JsonObject>>)["/messages"]?.post;
    expect(JSON.stringify(post?.requestBody)).toContain('"body":"hi"');
    expect(post?.description).toBe("Send a message.");
  });

  it("gives the vendor's operationId where known, else one derived from Meta's, and the vendor's tag", () => {
    const { document } = project();
    const paths = document.paths as Record<string, Record<string, JsonObject>>;
    expect(paths["/block_users"]?.post?.operationId).toBe("block-users-vendor");
    expect(paths["/messages"]?.post?.operationId).toBe("send-message");
    expect(paths["/messages"]?.post?.["x-meta-operation-id"]).toBe("sendMessage");
    expect(paths["/messages"]?.post?.tags).toEqual(["Messages"]);
    expect(paths["/{media_id}"]?.get?.tags).toEqual(["Media"]);
  });

  it("records where the document comes from in x-derived-from and carries no info.version", () => {
    const { document } = project();
    expect(document["x-derived-from"]).toEqual({
      file: "meta.yaml",
      version: "v23.0",
      title: "Meta test",
    });
    expect(document.info).toEqual({ title: "Messaging API" });
  });

  it("skips and reports a row whose operation a vendor document defines (any parameter names)", () => {
    const { document, skipped } = project(metaDocument(), [{ method: "GET", path: "/{mediaId}" }]);
    expect(skipped.map((s) => s.row.vendor)).toEqual([{ method: "GET", path: "/{media_id}" }]);
    expect(document.paths).not.toHaveProperty("/{media_id}");
  });

  it("reports every row whose Meta operation is missing, naming the rows", () => {
    const meta = metaDocument();
    const paths = meta.paths as JsonObject;
    delete paths["/{Version}/{Media-ID}"];
    delete paths["/{Version}/{Phone-Number-ID}/block_users"];
    const error = (() => {
      try {
        project(meta);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProjectionRowError);
    const rows = (error as ProjectionRowError).rows.map((r) => r.row);
    expect(rows).toEqual(["GET /{media_id}", "POST /block_users"]);
    expect((error as Error).message).toContain(
      "Meta's document has no operation GET /{Version}/{Media-ID}",
    );
  });

  it("rejects a row whose shapes differ (a vendor path parameter Meta takes in the query)", () => {
    const rows = [
      {
        vendor: "GET /calling/permissions/{consumer_whatsapp_id}",
        meta: "GET /{Version}/{Phone-Number-ID}/call_permissions",
        tag: "Calling",
        reason: "test",
      },
    ];
    expect(() =>
      projectMetaDocument({
        meta: metaDocument(),
        metaSource: "meta.yaml",
        table: table({ rows }),
      }),
    ).toThrow(
      /GET \/calling\/permissions\/\{consumer_whatsapp_id\}: .*\(none\) do not match the vendor's \(consumer_whatsapp_id\)/,
    );
  });

  it("does not modify Meta's document", () => {
    const meta = metaDocument();
    const before = JSON.stringify(meta);
    project(meta);
    expect(JSON.stringify(meta)).toBe(before);
  });
});

describe("parseProjectionTable", () => {
  it("reports every problem of the table at once", () => {
    const error = (() => {
      try {
        parseProjectionTable(
          {
            document: { info: {}, servers: [], security: [] },
            rows: [
              { vendor: "SEND /messages", meta: "POST /x", tag: "T", reason: "r" },
              { vendor: "GET /a", meta: "GET /{Version}/{P}/a", tag: "T" },
              { vendor: "GET /a", meta: "GET /{Version}/{P}/a", tag: "T", reason: "r" },
            ],
          },
          "spec/projection.yaml",
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProjectionTableError);
    const problems = (error as ProjectionTableError).problems;
    expect(problems).toEqual([
      '"metaDocument" must name Meta\'s document (a repo-relative path)',
      "document.securitySchemes must be an object",
      'rows[0].vendor must be "METHOD /path", got "SEND /messages"',
      'rows[1] (GET /a) needs a "reason"',
      "rows[2] (GET /a) repeats rows[1]",
    ]);
    expect((error as Error).message).toContain("spec/projection.yaml");
  });

  it("reads rows, the vendor's operationIds and the not-typed list", () => {
    const parsed = table();
    expect(parsed.rows[2]).toMatchObject({
      vendor: { method: "POST", path: "/block_users" },
      operationId: "block-users-vendor",
    });
    expect(parsed.notTyped).toEqual([
      { vendor: "GET /health_status", tag: "Health", reason: "no Meta path" },
    ]);
  });
});

describe("deriveOperationId", () => {
  const vendor = { method: "GET", path: "/groups/{group_id}" };
  it.each([
    ["retrieveMediaUrl", "retrieve-media-url"],
    ["blockUserS", "block-users"],
    ["getWhatsAppBusinessProfile", "get-whatsapp-business-profile"],
    ["GraphAPIErrorCheck", "graph-api-error-check"],
  ])("%s → %s", (metaId, expected) => {
    expect(deriveOperationId(metaId, vendor)).toBe(expected);
  });
  it("falls back to the method and vendor path when Meta gives no operationId", () => {
    expect(deriveOperationId(undefined, vendor)).toBe("get-groups-group-id");
  });
});

describe("projectionChanges", () => {
  it("lists added and removed operations, and those a vendor document took over", () => {
    const before = project().document;
    const after = project(metaDocument(), [{ method: "GET", path: "/{media_id}" }]).document;
    const paths = after.paths as Record<string, JsonObject>;
    delete paths["/block_users"];
    paths["/new"] = { get: { operationId: "get-new" } };
    const changes = projectionChanges(before, after, [{ method: "GET", path: "/{media_id}" }]);
    expect(changes).toEqual({
      added: [{ method: "GET", path: "/new", operationId: "get-new" }],
      removed: [{ method: "POST", path: "/block_users", operationId: "block-users-vendor" }],
      nowFromVendor: [{ method: "GET", path: "/{media_id}", operationId: "retrieve-media-url" }],
    });
    expect(projectionChangeLines(changes, "meta.yaml")).toEqual([
      "`GET /{media_id}` (retrieve-media-url) now comes from the vendor's page instead of meta.yaml.",
      "`GET /new` (get-new) added, typed from meta.yaml.",
      "`POST /block_users` (block-users-vendor) removed from the projection of meta.yaml.",
    ]);
  });

  it("treats a missing earlier document as empty", () => {
    const changes = projectionChanges(undefined, project().document);
    expect(changes.added).toHaveLength(3);
    expect(changes.removed).toEqual([]);
  });
});
