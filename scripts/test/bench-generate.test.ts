// The codegen bench (scripts/bench-generate.ts) runs Meta's complete document through the
// pipeline; the changes it makes to pass the checks must keep every operation. No time is
// asserted here: `pnpm bench` prints it.
import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { prepareMetaDocument } from "../bench-generate.js";
import type { JsonObject } from "../lib/json.js";
import { inRoot, REPO_ROOT } from "../lib/layout.js";
import { parseDocument } from "../lib/load.js";
import { eachOperation } from "../lib/operations.js";
import { META_SPEC } from "../lib/render-webhook-types.js";
import { specProblems } from "../lib/spec-checks.js";

const operations = (document: JsonObject) =>
  [...eachOperation(document)].map(({ operation }) => operation);

test("Meta's document, prepared for the bench, keeps every operation and passes the spec checks", async () => {
  const source = parseDocument(await readFile(inRoot(REPO_ROOT, META_SPEC), "utf8"), META_SPEC);
  expect(specProblems(source).length).toBeGreaterThan(0);
  const prepared = prepareMetaDocument(source);
  expect(operations(prepared).length).toBe(operations(source).length);
  expect(operations(prepared).length).toBe(113);
  expect(specProblems(prepared)).toEqual([]);
  expect(operations(prepared).every((op) => typeof op.operationId === "string")).toBe(true);
  // The source is left as it was.
  expect(operations(source).some((op) => op.operationId === undefined)).toBe(true);
});
