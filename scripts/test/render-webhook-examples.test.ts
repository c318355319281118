// Meta's example webhook payloads, bundled into the CLI, read from Meta's real document as it is
// committed (spec/meta).
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { SpecContentError } from "../lib/errors.js";
import { inRoot, REPO_ROOT } from "../lib/layout.js";
import {
  exampleName,
  renderWebhookExamples,
  webhookExamples,
} from "../lib/render-webhook-examples.js";
import { META_SPEC, parseMetaSpec } from "../lib/render-webhook-types.js";

const meta = parseMetaSpec(await readFile(inRoot(REPO_ROOT, META_SPEC), "utf8"));

describe("webhook examples from Meta's document", () => {
  it("finds all 16, each a WhatsApp payload, with unique kebab-case names", () => {
    const examples = webhookExamples(meta.document);
    expect(examples).toHaveLength(16);
    const names = examples.map((e) => exampleName(e.title));
    expect(new Set(names).size).toBe(16);
    expect(names).toContain("text-message");
    expect(names).toContain("text-message-with-context-product-inquiry");
    for (const { value } of examples) {
      expect(value).toMatchObject({ object: "whatsapp_business_account" });
    }
  });

  it("renders a module whose payloads are the document's, byte for byte as JSON", async () => {
    const text = renderWebhookExamples(meta);
    const start = text.indexOf("export const WEBHOOK_EXAMPLES");
    // The module is plain data: evaluate its array literal and compare with the document.
    const literal = text.slice(text.indexOf("[", start), text.lastIndexOf("];") + 1);
    const evaluated = new Function(`return ${literal}`)() as { name: string; payload: unknown }[];
    expect(evaluated.map((e) => e.payload)).toEqual(
      webhookExamples(meta.document).map((e) => e.value),
    );
  });

  it("names a document without webhook examples", () => {
    expect(() => webhookExamples(parseMetaSpec("openapi: 3.1.0\npaths: {}\n").document)).toThrow(
      SpecContentError,
    );
    const doubled = `paths:\n  /whatsapp/webhooks:\n    post:\n      requestBody:\n        content:\n          application/json:\n            examples:\n              "A b": { value: {} }\n              "a-B": { value: {} }\n`;
    expect(() => webhookExamples(parseMetaSpec(doubled).document)).toThrow(/no unique name/);
  });
});
