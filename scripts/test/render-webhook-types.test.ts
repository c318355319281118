// The webhook payload types are cut out of Meta's real document (spec/meta), which these tests
// read as it is committed.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { SpecContentError } from "../lib/errors.js";
import { inRoot, REPO_ROOT } from "../lib/layout.js";
import { loadDirectory } from "../lib/load.js";
import {
  META_OVERLAYS,
  META_SPEC,
  parseMetaSpec,
  reachableSchemas,
  renderWebhookTypes,
} from "../lib/render-webhook-types.js";

const meta = parseMetaSpec(await readFile(inRoot(REPO_ROOT, META_SPEC), "utf8"));

/** The generated type of one schema: from its name to the end of its object. */
function schemaType(text: string, name: string): string {
  const start = text.indexOf(`        ${name}: {`);
  expect(start).toBeGreaterThan(-1);
  return text.slice(start, text.indexOf("\n        };", start));
}

describe("reachableSchemas", () => {
  it("follows $ref and discriminator mappings", () => {
    const schemas = {
      Root: { properties: { a: { $ref: "#/components/schemas/A" } } },
      A: { discriminator: { mapping: { x: "#/components/schemas/X" } } },
      X: {},
      Unused: {},
    };
    expect(reachableSchemas(schemas, "Root")).toEqual(["A", "Root", "X"]);
  });

  it("names a missing schema", () => {
    expect(() => reachableSchemas({ Root: { $ref: "#/components/schemas/Gone" } }, "Root")).toThrow(
      SpecContentError,
    );
  });
});

describe("renderWebhookTypes on Meta's document", () => {
  it("types incoming messages as Meta's examples send them (spec/meta-overlays)", async () => {
    const text = await renderWebhookTypes(meta, await loadDirectory(REPO_ROOT, META_OVERLAYS));
    const base = schemaType(text, "BaseMessageProperties");
    expect(base).toContain("from: string;");
    expect(base).not.toContain("to: string;");
    expect(text).toContain('"group_participants_update"');
    // Reached only through the discriminator mapping of InteractiveMessageReply.
    expect(text).toContain("InteractiveListReplyContent: {");
  });

  it("without the overlays, Meta's schema types an incoming message with `to` (why they exist)", async () => {
    const text = await renderWebhookTypes(meta);
    expect(schemaType(text, "BaseMessageProperties")).toContain("to: string;");
  });
});
