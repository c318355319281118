import { describe, expect, test } from "vitest";
import { OverlayError, UnmatchedOverlayTargetError } from "../lib/errors.js";
import type { JsonObject } from "../lib/json.js";
import { applyOverlays } from "../lib/overlay.js";

const spec = (): JsonObject => ({
  openapi: "3.1.0",
  info: { title: "T", version: "1" },
  paths: { "/x": { get: { operationId: "get-x" }, post: { operationId: "post-x" } } },
});

const overlay = (actions: JsonObject[], version = "1.0.0") => ({
  source: "spec/overlays/test.yaml",
  document: { overlay: version, info: { title: "t", version: "1" }, actions },
});

describe("applyOverlays (openapi-format)", () => {
  test("applies update and remove actions in order without touching the input", async () => {
    const input = spec();
    const result = await applyOverlays(input, [
      overlay([
        { target: "$.paths['/x'].post", update: { "x-idempotent": true } },
        { target: "$.paths['/x'].get.operationId", remove: true },
      ]),
    ]);
    const item = (result.paths as Record<string, Record<string, JsonObject>>)["/x"];
    expect(item?.post).toEqual({ operationId: "post-x", "x-idempotent": true });
    expect(item?.get).toEqual({});
    expect(input).toEqual(spec());
  });

  test("an action whose target matches nothing is an error naming the file and every such target", async () => {
    const run = applyOverlays(spec(), [
      overlay([
        { target: "$.paths['/x'].get", update: { summary: "ok" } },
        { target: "$.paths['/gone'].get", update: { summary: "stale" } },
        { target: "$.paths['/x'].put", remove: true },
      ]),
    ]);
    await expect(run).rejects.toBeInstanceOf(UnmatchedOverlayTargetError);
    await expect(run).rejects.toMatchObject({
      overlayFile: "spec/overlays/test.yaml",
      targets: ["$.paths['/gone'].get", "$.paths['/x'].put"],
    });
    await expect(run).rejects.toThrow(
      /^spec\/overlays\/test\.yaml: these action targets match nothing/,
    );
  });

  test("a later overlay sees the result of an earlier one", async () => {
    const result = await applyOverlays(spec(), [
      overlay([{ target: "$.paths['/x']", update: { put: { operationId: "put-x" } } }]),
      {
        ...overlay([{ target: "$.paths['/x'].put", update: { "x-idempotent": true } }]),
        source: "b.yaml",
      },
    ]);
    expect((result.paths as Record<string, JsonObject>)["/x"]?.put).toEqual({
      operationId: "put-x",
      "x-idempotent": true,
    });
  });

  test.each([
    [
      "not Overlay 1.0",
      overlay([{ target: "$", update: {} }], "2.0.0"),
      /not an OpenAPI Overlay 1\.0 document/,
    ],
    ["no actions", overlay([]), /"actions" must be a non-empty list/],
    [
      "target without $",
      overlay([{ target: "paths", update: {} }]),
      /action #1 needs a JSONPath "target"/,
    ],
    [
      "neither update nor remove",
      overlay([{ target: "$.paths" }]),
      /action #1 \(\$\.paths\) needs "update" or "remove: true"/,
    ],
  ])("a malformed overlay (%s) is an OverlayError", async (_, bad, message) => {
    const run = applyOverlays(spec(), [bad]);
    await expect(run).rejects.toBeInstanceOf(OverlayError);
    await expect(run).rejects.toThrow(message);
  });
});
