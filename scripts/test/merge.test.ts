import { describe, expect, test } from "vitest";
import { SpecLoadError, SpecMergeConflictError } from "../lib/errors.js";
import type { JsonObject } from "../lib/json.js";
import { effectiveVersion, mergeDocuments, sourceVersions } from "../lib/merge.js";

const doc = (extra: JsonObject): JsonObject => ({
  openapi: "3.1.0",
  info: { title: "T", version: "1" },
  ...extra,
});

describe("mergeDocuments", () => {
  test("merges paths by path and method, components by name; identical duplicates kept once", () => {
    const shared = { type: "object", properties: { error: { type: "string" } } };
    const merged = mergeDocuments([
      {
        source: "a.json",
        document: doc({
          tags: [{ name: "Encryption" }],
          paths: { "/x": { get: { operationId: "get-x" } } },
          components: { schemas: { Err: shared, A: { type: "string" } } },
        }),
      },
      {
        source: "b.json",
        document: doc({
          tags: [{ name: "Encryption" }, { name: "Other" }],
          paths: {
            "/x": { post: { operationId: "post-x" } },
            "/y": { get: { operationId: "get-y" } },
          },
          components: { schemas: { Err: shared, B: { type: "integer" } } },
        }),
      },
    ]);
    expect(merged.paths).toEqual({
      "/x": { get: { operationId: "get-x" }, post: { operationId: "post-x" } },
      "/y": { get: { operationId: "get-y" } },
    });
    expect(Object.keys((merged.components as { schemas: JsonObject }).schemas).sort()).toEqual([
      "A",
      "B",
      "Err",
    ]);
    expect(merged.tags).toEqual([{ name: "Encryption" }, { name: "Other" }]);
  });

  test("the real upstream documents merge into both operations", async () => {
    const { loadDirectory } = await import("../lib/load.js");
    const { REPO_ROOT } = await import("../lib/layout.js");
    const merged = mergeDocuments(await loadDirectory(REPO_ROOT, "spec/upstream"));
    const item = (merged.paths as Record<string, JsonObject>)["/whatsapp_business_encryption"];
    expect(Object.keys(item ?? {}).sort()).toEqual(["get", "post"]);
  });

  const conflicts: [string, JsonObject, JsonObject, string][] = [
    [
      "component",
      { components: { schemas: { Err: { type: "object" } } } },
      { components: { schemas: { Err: { type: "string" } } } },
      "/components/schemas/Err",
    ],
    [
      "operation",
      { paths: { "/a/b": { get: { operationId: "one" } } } },
      { paths: { "/a/b": { get: { operationId: "two" } } } },
      "/paths/~1a~1b/get",
    ],
    [
      "info field other than the version",
      { info: { title: "T", version: "1.0.0" } },
      { info: { title: "U", version: "1.0.0" } },
      "/info/title",
    ],
    [
      "tag",
      { tags: [{ name: "E", description: "x" }] },
      { tags: [{ name: "E", description: "y" }] },
      '/tags/0 (tag "E")',
    ],
  ];

  test.each(conflicts)(
    "a conflicting %s names both files and the JSON pointer",
    (_, a, b, pointer) => {
      const run = () =>
        mergeDocuments([
          { source: "spec/upstream/a.json", document: doc(a) },
          { source: "spec/upstream/b.yaml", document: doc(b) },
        ]);
      expect(run).toThrow(SpecMergeConflictError);
      try {
        run();
      } catch (error) {
        const conflict = error as SpecMergeConflictError;
        expect(conflict.pointer).toBe(pointer);
        expect([conflict.firstSource, conflict.secondSource]).toEqual([
          "spec/upstream/a.json",
          "spec/upstream/b.yaml",
        ]);
        expect(conflict.message).toContain(
          `${pointer} in spec/upstream/a.json and spec/upstream/b.yaml`,
        );
      }
    },
  );

  test("a document that is not OpenAPI 3.x is rejected by name", () => {
    expect(() =>
      mergeDocuments([{ source: "spec/upstream/overlay.yaml", document: { overlay: "1.0.0" } }]),
    ).toThrow(
      new SpecLoadError(
        "spec/upstream/overlay.yaml",
        'not an OpenAPI 3.x document (its "openapi" field is missing)',
      ),
    );
  });

  describe("documents of different versions", () => {
    const versioned = (source: string, version: string, extra: JsonObject = {}) => ({
      source,
      document: doc({ info: { title: "Messaging API", version }, ...extra }),
    });

    test("merge; the effective info.version is the highest in semver order, not string order", () => {
      const merged = mergeDocuments([
        versioned("encryption.json", "1.9.0", { paths: { "/a": { get: { operationId: "a" } } } }),
        versioned("messages.json", "1.10.0", { paths: { "/b": { post: { operationId: "b" } } } }),
        versioned("media.json", "1.10.0-beta.1"),
      ]);
      expect(merged.info).toEqual({ title: "Messaging API", version: "1.10.0" });
      expect(Object.keys(merged.paths as JsonObject)).toEqual(["/a", "/b"]);
    });

    test("each document keeps its own version for the generated headers", () => {
      expect(
        sourceVersions([
          versioned("a.json", "1.41.0"),
          versioned("b.json", "1.44.0"),
          { source: "c.json", document: { openapi: "3.1.0" } },
        ]),
      ).toEqual([
        { source: "a.json", version: "1.41.0" },
        { source: "b.json", version: "1.44.0" },
        { source: "c.json", version: undefined },
      ]);
    });

    test("versions that differ must be semver, else the file is named", () => {
      expect(() =>
        effectiveVersion([
          { source: "a.json", version: "1.41.0" },
          { source: "b.json", version: "2024-05" },
        ]),
      ).toThrow(SpecLoadError);
      expect(() =>
        mergeDocuments([versioned("a.json", "1.41.0"), versioned("b.json", "v-next")]),
      ).toThrow(/^b\.json: info\.version "v-next" is not a semantic version/);
      // Equal versions need no order, semver or not.
      expect(
        effectiveVersion([
          { source: "a.json", version: "1" },
          { source: "b.json", version: "1" },
        ]),
      ).toBe("1");
    });
  });
});
