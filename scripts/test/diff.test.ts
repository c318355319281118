import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { renderChangeset } from "../lib/changeset.js";
import { diffSpecs } from "../lib/diff.js";
import { parseDocument } from "../lib/load.js";

const fixture = async (name: string) =>
  parseDocument(await readFile(new URL(`fixtures/diff/${name}`, import.meta.url), "utf8"), name);

const lines = (diff: ReturnType<typeof diffSpecs>) =>
  diff.changes.map((change) => `${change.bump}: ${change.text}`);

// Each pair is base.yaml → fixtures/diff/<case>; the expected lines are what a
// reviewer should read in the changeset, in the key order of spec/openapi.json
// (components, then paths, then servers) within each bump.
const cases: [string, "major" | "minor" | "patch", string[]][] = [
  ["removed-path.yaml", "major", ["major: removed path /other"]],
  ["removed-operation.yaml", "major", ["major: removed operation POST /items (create-item)"]],
  ["removed-response.yaml", "major", ["major: GET /items: response 400 removed"]],
  ["removed-property.yaml", "major", ["major: schema Item: removed property note"]],
  ["property-required.yaml", "major", ["major: schema Item: property note became required"]],
  [
    "parameter-required.yaml",
    "major",
    ["major: GET /items: parameter query.limit became required"],
  ],
  ["narrowed-enum.yaml", "major", ['major: schema Item.status: enum narrowed, removed "B"']],
  ["changed-type.yaml", "major", ["major: schema Item.id: type changed from string to integer"]],
  ["added-required-property.yaml", "major", ["major: schema Item: added required property color"]],
  ["added-path.yaml", "minor", ["minor: added path /things"]],
  ["added-operation.yaml", "minor", ["minor: added operation DELETE /items (delete-items)"]],
  ["added-optional-property.yaml", "minor", ["minor: schema Item: added optional property color"]],
  ["added-enum-value.yaml", "minor", ['minor: schema Item.status: enum value added: "C"']],
  ["added-response.yaml", "minor", ["minor: GET /items: response 404 added"]],
  [
    "descriptions-only.yaml",
    "patch",
    [
      "patch: schema Item: description changed",
      "patch: GET /items: parameter query.limit: description changed",
      "patch: GET /items: description changed",
    ],
  ],
  ["examples-only.yaml", "patch", ["patch: schema Item.id: example added"]],
  ["summary-only.yaml", "patch", ["patch: POST /items: summary changed"]],
];

describe("diffSpecs classifies each change class", () => {
  test.each(cases)("%s → %s", async (file, bump, expected) => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture(file));
    expect(diff.bump).toBe(bump);
    expect(lines(diff)).toEqual(expected);
  });

  test("the reverse of an addition is a removal (major)", async () => {
    const diff = diffSpecs(await fixture("added-enum-value.yaml"), await fixture("base.yaml"));
    expect(lines(diff)).toEqual(['major: schema Item.status: enum narrowed, removed "C"']);
    const back = diffSpecs(await fixture("property-required.yaml"), await fixture("base.yaml"));
    expect(back.bump).toBe("major");
    expect(lines(back)).toEqual([
      "major: schema Item: property note became optional (its type gains undefined)",
    ]);
  });

  test("the same spec in another key order and format is no change", async () => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture("unchanged-reordered.json"));
    expect(diff).toEqual({ bump: null, changes: [] });
  });

  test("mixed changes: the highest bump wins, lines ordered major, minor, patch", async () => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture("mixed.yaml"));
    expect(diff.bump).toBe("major");
    expect(lines(diff)).toEqual([
      "major: removed path /other",
      'minor: schema Item.status: enum value added: "C"',
      'patch: spec version "1.0.0" → "1.1.0"',
      "patch: POST /items: summary changed",
    ]);
  });

  test("a changed operationId or default server URL is major (client method name, DEFAULT_BASE_URL)", async () => {
    const before = await fixture("base.yaml");
    const after = structuredClone(before);
    (after.servers as { url: string }[])[0] = { url: "https://api2.example.test" };
    const paths = after.paths as Record<string, Record<string, { operationId?: string }>>;
    (paths["/other"]?.get ?? {}).operationId = "fetch-other";
    expect(lines(diffSpecs(before, after))).toEqual([
      'major: GET /other: operationId changed from "get-other" to "fetch-other" (renames the client method)',
      'major: default server URL changed from "https://api.example.test" to "https://api2.example.test" (the client\'s DEFAULT_BASE_URL)',
    ]);
  });

  test("a first default server URL (none before) is minor: no client loses one", async () => {
    const after = await fixture("base.yaml");
    const before = structuredClone(after);
    delete before.servers;
    expect(lines(diffSpecs(before, after))).toEqual([
      'minor: default server URL set to "https://api.example.test" (the client\'s DEFAULT_BASE_URL)',
    ]);
  });

  test("an unclassified change (an extension) is reported as minor, not dropped", async () => {
    const before = await fixture("base.yaml");
    const after = structuredClone(before);
    const paths = after.paths as Record<string, Record<string, Record<string, unknown>>>;
    const post = paths["/items"]?.post;
    if (post) post["x-idempotent"] = true;
    expect(lines(diffSpecs(before, after))).toEqual([
      "minor: POST /items: x-idempotent: added true",
    ]);
  });
});

describe("renderChangeset", () => {
  test("one line per change under a front matter bumping types and client together", async () => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture("mixed.yaml"));
    const changeset = renderChangeset(diff, { before: "1.0.0", after: "1.1.0" }, "ab".repeat(32));
    expect(changeset?.name).toBe("spec-update-1-1-0-abababab.md");
    const content = changeset?.content ?? "";
    expect(
      content.startsWith(
        '---\n"@d360-messaging/types": major\n"@d360-messaging/client": major\n---\n',
      ),
    ).toBe(true);
    expect(content).toContain("from 1.0.0 to 1.1.0");
    const bullets = content.split("\n").filter((line) => line.startsWith("- "));
    expect(bullets).toEqual(lines(diff).map((line) => `- ${line}`));
  });

  test("no change, no changeset", async () => {
    const spec = await fixture("base.yaml");
    expect(
      renderChangeset(diffSpecs(spec, spec), { before: "1.0.0", after: "1.0.0" }, "0".repeat(64)),
    ).toBeNull();
  });
});
