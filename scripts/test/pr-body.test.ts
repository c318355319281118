// The weekly spec-update pull request's body: operations added, changed, removed, and the bump
// per package, from the committed effective spec and a changed copy of it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { JsonObject } from "../lib/json.js";
import { LAYOUT, REPO_ROOT } from "../lib/layout.js";
import { loadDocument } from "../lib/load.js";
import { renderPullRequestBody, summarizeSpecUpdate } from "../lib/pr-body.js";
import { runSpecPrBody } from "../spec-pr-body.js";
import { captureOutput } from "./helpers/repo-copy.js";

type Paths = Record<string, Record<string, JsonObject>>;
type Schemas = Record<string, { properties: Record<string, { enum?: string[] }> }>;

let before: JsonObject;
let after: JsonObject;
/** A GET of the committed spec that reaches a schema, and its first POST. */
let get: string;
let post: string;
beforeEach(async () => {
  before = (await loadDocument(path.join(REPO_ROOT, LAYOUT.effectiveSpec))).document;
  after = structuredClone(before);
  const paths = after.paths as Paths;
  const pathOf = (method: string) => Object.keys(paths).find((p) => paths[p]?.[method]);
  // The GET that returns BusinessEncryptionInfo (the spec has other GETs, e.g. projected ones).
  const getPath =
    Object.keys(paths).find((p) => paths[p]?.get?.operationId === "get-business-public-key") ?? "";
  const postPath = pathOf("post") ?? "";
  get = `\`GET ${getPath}\` (${paths[getPath]?.get?.operationId})`;
  post = `\`POST ${postPath}\` (${paths[postPath]?.post?.operationId})`;
  // An operation added, one removed, and an enum value added to a schema the GET returns.
  paths["/health_status"] = {
    get: { operationId: "get-health-status", responses: { "200": { description: "OK" } } },
  };
  delete paths[postPath]?.post;
  const info = (after.components as { schemas: Schemas }).schemas[
    "whatsapp_business_encryption.BusinessEncryptionInfo"
  ];
  info?.properties.business_public_key_signature_status?.enum?.push("REVOKED");
});

describe("the spec-update pull request body", () => {
  test("lists the operations added, changed (with their changes) and removed, and the bump per package", () => {
    const summary = summarizeSpecUpdate(before, after);
    expect(summary.added).toEqual(["`GET /health_status` (get-health-status)"]);
    expect(summary.removed).toEqual([post]);
    expect(summary.changed).toEqual([
      {
        operation: get,
        changes: [
          {
            bump: "major",
            text: 'schema whatsapp_business_encryption.BusinessEncryptionInfo.business_public_key_signature_status: enum value added: "REVOKED" (response)',
          },
        ],
      },
    ]);
    expect(summary.bumps).toEqual([
      { package: "@d360-messaging/types", bump: "major" },
      { package: "@d360-messaging/client", bump: "major" },
      { package: "@d360-messaging/mock-server", bump: "major" },
    ]);
    const body = renderPullRequestBody(summary);
    expect(body).toContain("### Added (1)\n- `GET /health_status` (get-health-status)\n");
    expect(body).toContain(`### Removed (1)\n- ${post}\n`);
    expect(body).toContain(
      `### Changed (1)\n- ${get}\n  - major: schema whatsapp_business_encryption`,
    );
    expect(body).toContain("| `@d360-messaging/mock-server` | major |");
  });

  test("the same spec: no operation listed, no package released", () => {
    const body = renderPullRequestBody(summarizeSpecUpdate(before, structuredClone(before)));
    expect(body).toContain("### Added (0)\n- none");
    expect(body).toContain("The effective spec did not change: no package is released.");
  });

  describe("pnpm spec:pr-body", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "d360-pr-body-"));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    test("prints the body for a saved spec and the current one; usage on bad arguments", async () => {
      await writeFile(path.join(dir, "before.json"), JSON.stringify(before));
      await writeFile(path.join(dir, "after.json"), JSON.stringify(after));
      const run = captureOutput();
      expect(
        await runSpecPrBody(["before.json", "after.json"], { cwd: dir, output: run.output }),
      ).toBe(0);
      expect(run.out.join("\n")).toBe(renderPullRequestBody(summarizeSpecUpdate(before, after)));
      const bad = captureOutput();
      expect(await runSpecPrBody([], { cwd: dir, output: bad.output })).toBe(2);
      expect(await runSpecPrBody(["missing.json"], { cwd: dir, output: bad.output })).toBe(1);
      expect(bad.err.join("\n")).toContain("missing.json: cannot be read");
    });
  });
});
