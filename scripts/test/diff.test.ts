import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { changedPackages, renderChangeset } from "../lib/changeset.js";
import { diffSpecs, schemaUsage } from "../lib/diff.js";
import type { JsonObject } from "../lib/json.js";
import { LAYOUT } from "../lib/layout.js";
import { parseDocument } from "../lib/load.js";
import { typecheckModules } from "./helpers/typecheck.js";

const fixture = async (name: string) =>
  parseDocument(await readFile(new URL(`fixtures/diff/${name}`, import.meta.url), "utf8"), name);

/** A fixtures/direction/ pair as [before, after]. */
const direction = async (name: string): Promise<[JsonObject, JsonObject]> => {
  const pair = (await fixture(`../direction/${name}.yaml`)) as {
    before: JsonObject;
    after: JsonObject;
  };
  return [pair.before, pair.after];
};

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
  // Item is only read (GET and POST responses): the response-side verdicts apply.
  [
    "property-required.yaml",
    "minor",
    ["minor: schema Item: property note became required (response)"],
  ],
  [
    "parameter-required.yaml",
    "major",
    ["major: GET /items: parameter query.limit became required"],
  ],
  [
    "narrowed-enum.yaml",
    "major",
    ['major: schema Item.status: enum narrowed, removed "B" (response)'],
  ],
  ["changed-type.yaml", "major", ["major: schema Item.id: type changed from string to integer"]],
  [
    "added-required-property.yaml",
    "minor",
    ["minor: schema Item: added required property color (response)"],
  ],
  ["added-path.yaml", "minor", ["minor: added path /things"]],
  ["added-operation.yaml", "minor", ["minor: added operation DELETE /items (delete-items)"]],
  ["added-optional-property.yaml", "minor", ["minor: schema Item: added optional property color"]],
  [
    "added-enum-value.yaml",
    "major",
    ['major: schema Item.status: enum value added: "C" (response)'],
  ],
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

  test("the reverse of a widening is a narrowing, and the other way round", async () => {
    const diff = diffSpecs(await fixture("added-enum-value.yaml"), await fixture("base.yaml"));
    expect(lines(diff)).toEqual([
      'major: schema Item.status: enum narrowed, removed "C" (response)',
    ]);
    const back = diffSpecs(await fixture("property-required.yaml"), await fixture("base.yaml"));
    expect(back.bump).toBe("major");
    expect(lines(back)).toEqual([
      "major: schema Item: property note became optional (its type gains undefined) (response)",
    ]);
  });

  test("why a response enum that loses a value is major: TypeScript refuses the removed literal (TS2367, TS2678)", async () => {
    // The types generated for the status before and after `response-enum-narrowed`.
    const consumer = (status: string) => `type Status = ${status};
declare const status: Status;
export const isMismatch = status === "MISMATCH";
export function label(s: Status): string {
  switch (s) {
    case "VALID": return "valid";
    case "MISMATCH": return "mismatch";
  }
  return "other";
}
`;
    expect(await typecheckModules({ "before.ts": consumer('"VALID" | "MISMATCH"') })).toEqual([]);
    const after = await typecheckModules({ "after.ts": consumer('"VALID"') });
    expect(after).toEqual([
      expect.stringMatching(/^after\.ts:3: This comparison appears to be unintentional/),
      expect.stringMatching(/^after\.ts:7: Type '"MISMATCH"' is not comparable to type '"VALID"'/),
    ]);
    const diff = diffSpecs(...(await direction("response-enum-narrowed")));
    expect(diff.bump).toBe("major");
  });

  test("the same spec in another key order and format is no change", async () => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture("unchanged-reordered.json"));
    expect(diff).toEqual({ bump: null, changes: [] });
  });

  test("mixed changes: the highest bump wins, lines ordered major, minor, patch", async () => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture("mixed.yaml"));
    expect(diff.bump).toBe("major");
    expect(lines(diff)).toEqual([
      'major: schema Item.status: enum value added: "C" (response)',
      "major: removed path /other",
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

// One fixture pair per rule of the direction table in CONTRIBUTING.md: each file under
// fixtures/direction/ holds `before` and `after`, and its first line says which rule it shows.
// S is read in a GET response, sent in a POST request body, both, or used by no operation.
const directionCases: [string, "major" | "minor", string[]][] = [
  [
    "both-enum-narrowed",
    "major",
    ['major: schema S.status: enum narrowed, removed "B" (request and response)'],
  ],
  [
    "both-enum-widened",
    "major",
    ['major: schema S.status: enum value added: "C" (request and response)'],
  ],
  [
    "request-enum-narrowed",
    "major",
    ['major: schema S.type: enum narrowed, removed "image" (request)'],
  ],
  ["request-enum-widened", "minor", ['minor: schema S.type: enum value added: "image" (request)']],
  ["request-oneof-branch-added", "minor", ["minor: schema S: oneOf branch added (1) (request)"]],
  [
    "request-oneof-branch-removed",
    "major",
    ["major: schema S: oneOf branch removed (1) (request)"],
  ],
  [
    "request-optional-parameter-added",
    "minor",
    ["minor: GET /s: parameter query.phone_number_id added (optional)"],
  ],
  [
    "request-parameter-enum-narrowed",
    "major",
    ['major: GET /s: parameter query.fields: enum narrowed, removed "b" (request)'],
  ],
  [
    "request-property-optional",
    "minor",
    ["minor: schema S: property to became optional (its type gains undefined) (request)"],
  ],
  [
    "request-property-required",
    "major",
    ["major: schema S: property type became required (request)"],
  ],
  [
    "request-required-parameter-added",
    "major",
    ["major: GET /s: parameter query.phone_number_id added (required)"],
  ],
  [
    "request-required-property-added",
    "major",
    ["major: schema S: added required property type (request)"],
  ],
  [
    "request-type-narrowed",
    "major",
    ["major: schema S.to: type narrowed (integer | string → string) (request)"],
  ],
  [
    "request-type-widened",
    "minor",
    ["minor: schema S.to: became nullable (string → null | string) (request)"],
  ],
  ["response-anyof-branch-added", "major", ["major: schema S: anyOf branch added (1) (response)"]],
  [
    "response-enum-narrowed",
    "major",
    ['major: schema S.status: enum narrowed, removed "MISMATCH" (response)'],
  ],
  [
    "response-enum-widened",
    "major",
    ['major: schema S.status: enum value added: "PENDING" (response)'],
  ],
  ["response-oneof-branch-added", "major", ["major: schema S: oneOf branch added (1) (response)"]],
  [
    "response-property-nullable",
    "major",
    ["major: schema S.id: became nullable (string → null | string) (response)"],
  ],
  [
    "response-property-optional",
    "major",
    ["major: schema S: property id became optional (its type gains undefined) (response)"],
  ],
  [
    "response-property-required",
    "minor",
    ["minor: schema S: property id became required (response)"],
  ],
  [
    "response-required-property-added",
    "minor",
    ["minor: schema S: added required property name (response)"],
  ],
  [
    "response-type-narrowed",
    "minor",
    ["minor: schema S.id: type narrowed (null | string → string) (response)"],
  ],
  [
    "response-type-widened",
    "major",
    ["major: schema S.count: type widened (integer → integer | string) (response)"],
  ],
  [
    "webhook-enum-widened",
    "major",
    ['major: schema S.status: enum value added: "read" (response)'],
  ],
  [
    "unused-enum-widened",
    "major",
    [
      'major: schema S.status: enum value added: "B" (used by no operation, so counted as both sides)',
    ],
  ],
];

describe("direction-aware rules: one fixture pair per rule", () => {
  test.each(directionCases)("%s → %s", async (name, bump, expected) => {
    const pair = (await fixture(`../direction/${name}.yaml`)) as {
      before: JsonObject;
      after: JsonObject;
    };
    const diff = diffSpecs(pair.before, pair.after);
    expect(diff.bump).toBe(bump);
    expect(lines(diff)).toEqual(expected);
  });

  test("a schema's side follows $refs from operations through other schemas and components", () => {
    const spec = {
      paths: {
        "/a": {
          parameters: [{ $ref: "#/components/parameters/P" }],
          get: {
            responses: { "200": { $ref: "#/components/responses/R" } },
          },
          post: {
            requestBody: {
              content: { "application/json": { schema: { $ref: "#/components/schemas/Shared" } } },
            },
            responses: {
              "200": {
                description: "x",
                content: {
                  "application/json": {
                    schema: { $ref: "#/components/schemas/Shared" },
                    // Examples are data: a "$ref" key in one is not followed.
                    example: { $ref: "#/components/schemas/NotUsed" },
                  },
                },
              },
            },
          },
        },
      },
      components: {
        parameters: {
          P: { name: "p", in: "query", schema: { $ref: "#/components/schemas/Param" } },
        },
        responses: {
          R: {
            description: "x",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Outer" } } },
          },
        },
        schemas: {
          Outer: { type: "object", properties: { inner: { $ref: "#/components/schemas/Inner" } } },
          Inner: { type: "array", items: { $ref: "#/components/schemas/Outer" } },
          Shared: { type: "string" },
          Param: { type: "string" },
          NotUsed: { type: "string" },
        },
      },
    };
    const usage = Object.fromEntries(
      [...schemaUsage(spec)].map(([name, sides]) => [name, [...sides].sort()]),
    );
    expect(usage).toEqual({
      Param: ["request"],
      Outer: ["response"],
      Inner: ["response"],
      Shared: ["request", "response"],
    });
  });
});

describe("renderChangeset", () => {
  test("one line per change under a front matter bumping the packages named", async () => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture("mixed.yaml"));
    const changeset = renderChangeset(diff, { before: "1.0.0", after: "1.1.0" }, "ab".repeat(32), [
      "@d360-messaging/types",
      "@d360-messaging/client",
    ]);
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
      renderChangeset(diffSpecs(spec, spec), { before: "1.0.0", after: "1.0.0" }, "0".repeat(64), [
        "@d360-messaging/types",
      ]),
    ).toBeNull();
  });

  test("a change that keeps the version says so, not 'from 1.41.0 to 1.41.0'", async () => {
    const diff = diffSpecs(await fixture("base.yaml"), await fixture("added-path.yaml"));
    const content =
      renderChangeset(diff, { before: "1.41.0", after: "1.41.0" }, "0".repeat(64), [
        "@d360-messaging/types",
      ])?.content ?? "";
    expect(content).toContain("Update the 360dialog Messaging API spec (still at 1.41.0)");
    expect(content).not.toContain("from 1.41.0");
    const first =
      renderChangeset(diff, { before: undefined, after: "1.41.0" }, "0".repeat(64), [
        "@d360-messaging/types",
      ])?.content ?? "";
    expect(first).toContain("Update the 360dialog Messaging API spec to 1.41.0 (");
  });

  test("each package is named when one of its generated files changed, and only then", () => {
    expect(changedPackages([LAYOUT.mockSpec])).toEqual(["@d360-messaging/mock-server"]);
    expect(
      changedPackages([LAYOUT.effectiveSpec, LAYOUT.typesVersion, LAYOUT.clientMethods]),
    ).toEqual(["@d360-messaging/types", "@d360-messaging/client"]);
    expect(changedPackages([LAYOUT.effectiveSpec])).toEqual([]);
  });
});
