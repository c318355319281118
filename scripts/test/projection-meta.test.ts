/**
 * The projection on the real inputs: Meta's Cloud API document
 * (spec/meta/business-messaging-api_v23.0.yaml, written by no one here), the
 * committed table and the vendor's documents in spec/upstream/.
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { isJsonObject, type JsonObject } from "../lib/json.js";
import { inRoot, LAYOUT, REPO_ROOT } from "../lib/layout.js";
import { loadDirectory, type SourceDocument } from "../lib/load.js";
import { mergeDocuments } from "../lib/merge.js";
import {
  danglingRefs,
  formatKey,
  listOperations,
  ProjectionRowError,
  projectionChangeLines,
  projectionChanges,
  projectMetaDocument,
} from "../lib/projection.js";
import {
  isDerivedDocument,
  loadProjectionInputs,
  type ProjectionInputs,
  vendorOperationsOf,
} from "../lib/projection-load.js";

let inputs: ProjectionInputs;
let vendorDocuments: SourceDocument[];

beforeAll(async () => {
  inputs = await loadProjectionInputs(REPO_ROOT);
  vendorDocuments = (await loadDirectory(REPO_ROOT, LAYOUT.upstreamDir)).filter(
    (d) => !isDerivedDocument(d),
  );
});

function project(meta: JsonObject = inputs.meta.document) {
  return projectMetaDocument({
    meta,
    metaSource: inputs.meta.source,
    table: inputs.table,
    vendorOperations: vendorOperationsOf(vendorDocuments),
  });
}

function operations(document: JsonObject): [string, JsonObject][] {
  const paths = document.paths as Record<string, JsonObject>;
  return listOperations(document).map((key) => [
    formatKey(key),
    paths[key.path]?.[key.method.toLowerCase()] as JsonObject,
  ]);
}

describe("the projection of Meta's document", () => {
  it("has every row of the table, except those a vendor document serves", () => {
    const { document, skipped } = project();
    const vendor = new Set(vendorOperationsOf(vendorDocuments).map(formatKey));
    const expected = inputs.table.rows
      .map((row) => formatKey(row.vendor))
      .filter((key) => !vendor.has(key));
    expect(
      operations(document)
        .map(([key]) => key)
        .sort(),
    ).toEqual(expected.sort());
    // The minimum set.
    for (const key of [
      "POST /messages",
      "POST /media",
      "GET /{media_id}",
      "DELETE /{media_id}",
      "GET /block_users",
      "POST /block_users",
      "DELETE /block_users",
      "GET /whatsapp_business_profile",
      "POST /whatsapp_business_profile",
    ]) {
      expect(expected).toContain(key);
    }
    // The Encryption page is in spec/upstream/: its two rows are skipped, not projected.
    expect(skipped.map((s) => formatKey(s.row.vendor)).sort()).toEqual([
      "GET /whatsapp_business_encryption",
      "POST /whatsapp_business_encryption",
    ]);
  });

  it("rewrites paths, security and servers to 360dialog's", () => {
    const { document } = project();
    expect(document.servers).toEqual([
      { description: "Production server", url: "https://waba-v2.360dialog.io" },
    ]);
    expect(document.security).toEqual([{ "D360-API-KEY": [] }]);
    for (const [key, operation] of operations(document)) {
      expect(key).not.toMatch(/\{(Version|Phone-Number-ID|WABA-ID)\}/);
      expect(operation, key).not.toHaveProperty("security");
      const parameters = (operation.parameters ?? []) as JsonObject[];
      for (const parameter of parameters) {
        expect(parameter, key).not.toHaveProperty("$ref");
        expect([
          "Version",
          "Phone-Number-ID",
          "Authorization",
          "User-Agent",
          "Content-Type",
        ]).not.toContain(parameter.name);
      }
      const pathNames = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(
        parameters.filter((p) => p.in === "path").map((p) => p.name),
        key,
      ).toEqual(pathNames);
      expect(operation.tags, key).toHaveLength(1);
      expect(operation.operationId, key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    const schemes = (document.components as JsonObject).securitySchemes as JsonObject;
    expect(Object.keys(schemes)).toEqual(["D360-API-KEY"]);
    expect(JSON.stringify(document)).not.toContain("bearerAuth");
  });

  it("has no dangling $ref and only the schemas its operations reach", () => {
    const { document } = project();
    expect(danglingRefs(document)).toEqual([]);
    const schemas = Object.keys(((document.components as JsonObject).schemas ?? {}) as JsonObject);
    const metaSchemas = Object.keys(
      ((inputs.meta.document.components as JsonObject).schemas ?? {}) as JsonObject,
    );
    expect(schemas.length).toBeGreaterThan(0);
    expect(schemas.length).toBeLessThan(metaSchemas.length);
    expect(schemas).toContain("Message");
    expect(schemas).not.toContain("WebhookPayload");
  });

  it("uses the vendor's operationIds from spec/vendor-reference.md", () => {
    const { document } = project();
    const ids = new Map(operations(document).map(([key, op]) => [key, op.operationId]));
    expect(ids.get("POST /media")).toBe("upload-media");
    expect(ids.get("GET /groups")).toBe("get-active-groups");
    expect(ids.get("POST /calling/calls")).toBe("perform-call-action");
    expect(ids.get("POST /messages")).toBe("send-message");
  });

  it("merges with the vendor's documents without a conflict (shared info, servers, security)", () => {
    const { document } = project();
    const merged = mergeDocuments([
      ...vendorDocuments,
      { source: "spec/upstream/meta-cloud-api.derived.json", document },
    ]);
    expect(listOperations(merged).length).toBe(
      listOperations(document).length + vendorOperationsOf(vendorDocuments).length,
    );
    // The effective version stays the vendor's: the derived document has none.
    const versions = vendorDocuments.map((d) => (d.document.info as JsonObject).version);
    expect(versions).toContain((merged.info as JsonObject).version);
  });

  it("lets a vendor document win and says so in the changeset lines", () => {
    const before = project().document;
    const vendorMessages = { method: "POST", path: "/messages" };
    const after = projectMetaDocument({
      meta: inputs.meta.document,
      metaSource: inputs.meta.source,
      table: inputs.table,
      vendorOperations: [...vendorOperationsOf(vendorDocuments), vendorMessages],
    });
    expect(after.skipped.map((s) => formatKey(s.row.vendor))).toContain("POST /messages");
    expect((after.document.paths as JsonObject)["/messages"]).toBeUndefined();
    const changes = projectionChanges(before, after.document, [vendorMessages]);
    expect(projectionChangeLines(changes, inputs.meta.source)).toEqual([
      "`POST /messages` (send-message) now comes from the vendor's page instead of " +
        "spec/meta/business-messaging-api_v23.0.yaml.",
    ]);
  });

  it("reports a Meta operation that was removed, naming the row", () => {
    const meta = structuredClone(inputs.meta.document);
    const paths = meta.paths as JsonObject;
    const media = paths["/{Version}/{Media-ID}"];
    expect(isJsonObject(media)).toBe(true);
    delete (media as JsonObject).delete;
    let error: unknown;
    try {
      project(meta);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectionRowError);
    expect((error as ProjectionRowError).rows).toEqual([
      {
        row: "DELETE /{media_id}",
        problem: "Meta's document has no operation DELETE /{Version}/{Media-ID}",
      },
    ]);
  });
});

describe("spec/README.md", () => {
  it("lists every row and every operation not yet typed", async () => {
    const readme = await readFile(inRoot(REPO_ROOT, "spec/README.md"), "utf8");
    for (const row of inputs.table.rows) {
      expect(readme, formatKey(row.vendor)).toContain(`| \`${formatKey(row.vendor)}\``);
      expect(readme, formatKey(row.meta)).toContain(`\`${formatKey(row.meta)}\``);
    }
    const notTypedSection = readme.slice(readme.indexOf("### Not yet typed"));
    for (const entry of inputs.table.notTyped) {
      expect(notTypedSection, entry.vendor).toContain(entry.tag);
    }
    expect(inputs.table.notTyped.length).toBe(
      notTypedSection
        .slice(0, notTypedSection.indexOf("### Corrections"))
        .split("\n")
        .filter((l) => /^\| (?!---|360dialog)/.test(l)).length,
    );
  });
});
