// Checks of the effective spec that would otherwise pass in silence (spec/vendor-reference.md
// lists the shapes: root-level `/{media_id}` and `/{session_id}`, `/upload:{session_id}`), and
// one run reporting every problem it finds.
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  OverlayError,
  SpecContentError,
  SpecProblemsError,
  UnmatchedOverlayTargetError,
} from "../lib/errors.js";
import type { JsonObject } from "../lib/json.js";
import { LAYOUT } from "../lib/layout.js";
import { buildEffectiveSpec, generateInMemory } from "../lib/pipeline.js";
import { equivalentPaths, templateShape } from "../lib/spec-checks.js";
import { specUpdate } from "../lib/spec-update.js";
import { copyRepo, snapshot } from "./helpers/repo-copy.js";

const ok = { "200": { description: "OK" } };
const param = (name: string, where = "path") => ({
  name,
  in: where,
  required: where === "path",
  schema: { type: "string" },
});
const op = (operationId: string, parameters: JsonObject[] = []) => ({
  operationId,
  parameters,
  responses: ok,
});
const doc = (paths: JsonObject): { source: string; document: JsonObject } => ({
  source: "spec/upstream/test.json",
  document: { openapi: "3.1.0", info: { title: "T", version: "1.41.0" }, paths },
});

describe("equivalent templated paths", () => {
  test("the same method on /{media_id} and /{session_id} is reported naming both paths", async () => {
    const run = buildEffectiveSpec(
      [
        doc({
          "/{media_id}": { get: op("get-media-url", [param("media_id")]) },
          "/{session_id}": { get: op("get-upload-session", [param("session_id")]) },
        }),
      ],
      [],
    );
    await expect(run).rejects.toBeInstanceOf(SpecContentError);
    await expect(run).rejects.toThrow(
      /^GET \/\{media_id\} and GET \/\{session_id\} are the same templated path with different parameter names, which OpenAPI forbids/,
    );
  });

  test("different methods on equivalent templates pass, and are listed for the client and mock generators", async () => {
    const spec = await buildEffectiveSpec(
      [
        doc({
          "/media": { post: op("upload-media") },
          "/upload:{session_id}": { get: op("get-upload-status", [param("session_id")]) },
          "/{media_id}": {
            get: op("get-media-url", [param("media_id")]),
            delete: op("delete-media", [param("media_id")]),
          },
          "/{session_id}": { post: op("upload-file-data", [param("session_id")]) },
        }),
      ],
      [],
    );
    expect(equivalentPaths(spec)).toEqual([
      {
        shape: "/{}",
        paths: [
          { path: "/{media_id}", methods: ["GET", "DELETE"] },
          { path: "/{session_id}", methods: ["POST"] },
        ],
      },
    ]);
    // A literal colon is a literal: /upload:{session_id} is not the shape of /{session_id}.
    expect(templateShape("/upload:{session_id}")).toBe("/upload:{}");
  });
});

describe("parameter names in two groups of one operation", () => {
  test("a path and a query parameter of the same name are reported with the operation", async () => {
    const run = buildEffectiveSpec(
      [
        doc({
          "/groups/{id}": {
            parameters: [param("id")],
            get: op("get-group", [param("id", "query"), param("fields", "query")]),
          },
        }),
      ],
      [],
    );
    await expect(run).rejects.toThrow(
      /^GET \/groups\/\{id\} \(get-group\) has a path and a query parameter both named "id"/,
    );
  });

  test("an operation-level parameter replacing a path-level one of the same name and place is no collision", async () => {
    await expect(
      buildEffectiveSpec(
        [
          doc({
            "/groups/{id}": { parameters: [param("id")], get: op("get-group", [param("id")]) },
          }),
        ],
        [],
      ),
    ).resolves.toBeDefined();
  });
});

describe("a request body on GET or HEAD", () => {
  test("is reported with the operation (fetch cannot send it); DELETE with a body passes", async () => {
    const body = { content: { "application/json": { schema: { type: "object" } } } };
    const run = buildEffectiveSpec(
      [
        doc({
          "/flows/{id}/assets": { get: { ...op("list-assets", [param("id")]), requestBody: body } },
          "/block_users": { delete: { ...op("unblock-users"), requestBody: body } },
        }),
      ],
      [],
    );
    await expect(run).rejects.toThrow(
      /^GET \/flows\/\{id\}\/assets \(list-assets\) has a request body, which fetch cannot send with GET\. Remove it with an overlay/,
    );
    await expect(
      buildEffectiveSpec(
        [doc({ "/block_users": { delete: { ...op("unblock-users"), requestBody: body } } })],
        [],
      ),
    ).resolves.toBeDefined();
  });
});

describe("every problem of a run at once", () => {
  let repo: Awaited<ReturnType<typeof copyRepo>>;
  beforeEach(async () => {
    repo = await copyRepo();
  });
  afterEach(() => repo.dispose());

  test("spec:update reports every overlay and extension problem together; nothing is written", async () => {
    const file = (relative: string) => path.join(repo.root, relative);
    await writeFile(
      file("spec/overlays/30-stale.yaml"),
      'overlay: 1.0.0\ninfo: { title: stale, version: "1" }\nactions:\n  - target: "$.paths[\'/gone\'].get"\n    update: { summary: x }\n',
    );
    await writeFile(
      file("spec/overlays/40-malformed.yaml"),
      'overlay: 1.0.0\ninfo: { title: bad, version: "1" }\nactions:\n  - target: paths\n    update: {}\n  - target: "$.paths"\n',
    );
    for (const id of ["delete-business-public-key", "list-keys"]) {
      await writeFile(
        file(`${LAYOUT.clientExtensionsDir}/${id}.ts`),
        `import { defineExtension } from "../operation/extension.js";\nexport default defineExtension("${id}", (call) => call);\n`,
      );
    }
    const before = await snapshot(repo.root);
    const run = specUpdate({
      root: repo.root,
      cwd: repo.root,
      inputs: [
        "spec/upstream/get-business-public-key.json",
        "spec/upstream/set-business-public-key.json",
      ],
    });
    await expect(run).rejects.toBeInstanceOf(SpecProblemsError);
    const error = (await run.catch((e: unknown) => e)) as SpecProblemsError;
    expect(error.problems.map((p) => [p.constructor, p.message.split("\n")[0]])).toEqual([
      [
        UnmatchedOverlayTargetError,
        "spec/overlays/30-stale.yaml: this action target matches nothing in the merged spec:",
      ],
      [
        OverlayError,
        'spec/overlays/40-malformed.yaml: action #1 needs a JSONPath "target" starting with "$"',
      ],
      [
        OverlayError,
        'spec/overlays/40-malformed.yaml: action #2 ($.paths) needs "update" or "remove: true"',
      ],
      [
        SpecContentError,
        expect.stringContaining("delete-business-public-key.ts extends operationId"),
      ],
      [SpecContentError, expect.stringContaining("list-keys.ts extends operationId")],
    ]);
    expect(error.message).toMatch(
      /^5 problems; fix them all before running again:\n- UnmatchedOverlayTargetError: /,
    );
    expect(await snapshot(repo.root)).toEqual(before);
    // `pnpm generate` reports the same set.
    await expect(generateInMemory(repo.root)).rejects.toMatchObject({ problems: { length: 5 } });
  });
});
