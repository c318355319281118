/**
 * Meta's document against itself: every request example Meta gives for a
 * projected operation must be valid against the projected schema, after our
 * overlays, under a strict JSON Schema 2020-12 validator: @cfworker/json-schema,
 * the one the mock server validates requests with.
 */
import { Validator } from "@cfworker/json-schema";
import { beforeAll, describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../lib/json.js";
import { LAYOUT, REPO_ROOT } from "../lib/layout.js";
import { loadDirectory, type SourceDocument } from "../lib/load.js";
import { buildEffectiveSpec } from "../lib/pipeline.js";
import { formatKey, listOperations, projectMetaDocument } from "../lib/projection.js";
import {
  isDerivedDocument,
  loadProjectionInputs,
  projectUpstream,
  vendorOperationsOf,
} from "../lib/projection-load.js";

/**
 * Examples whose value is a placeholder where the schema has an enum: no schema
 * correction can make them valid without giving up the enum. Each must fail at
 * exactly this place, so the entry goes when Meta fills the placeholder in.
 */
const PLACEHOLDER_EXAMPLES: Readonly<Record<string, string>> = {
  // `"type": "<HEADER_TYPE>"` where the header type is one of text, video, image, document.
  'POST /messages "Send Multi-Product Message"': "#/interactive/header/type",
};

interface RequestExample {
  /** `METHOD /path "name"`. */
  label: string;
  schema: JsonValue;
  value: JsonValue;
}

/** Every request body example (named `examples` and `example`) of the given operations. */
function requestExamples(spec: JsonObject, keys: readonly string[]): RequestExample[] {
  const found: RequestExample[] = [];
  const paths = spec.paths as Record<string, Record<string, JsonObject>>;
  for (const key of keys) {
    const [method, path] = key.split(" ") as [string, string];
    const operation = paths[path]?.[method.toLowerCase()];
    const content = ((operation?.requestBody as JsonObject | undefined)?.content ?? {}) as Record<
      string,
      JsonObject
    >;
    for (const media of Object.values(content)) {
      const examples = (media.examples ?? {}) as Record<string, JsonObject>;
      for (const [name, example] of Object.entries(examples)) {
        if (example.value !== undefined) {
          found.push({
            label: `${key} "${name}"`,
            schema: media.schema ?? {},
            value: example.value,
          });
        }
      }
      if (media.example !== undefined) {
        found.push({ label: `${key} "example"`, schema: media.schema ?? {}, value: media.example });
      }
    }
  }
  return found;
}

/** The validator's errors for a value, innermost first; [] when valid. */
function validate(spec: JsonObject, schema: JsonValue, value: JsonValue) {
  const validator = new Validator(
    { ...(schema as JsonObject), components: spec.components } as never,
    "2020-12",
    false,
  );
  const result = validator.validate(value);
  return result.valid ? [] : result.errors;
}

/** Every example's first specific error, `label: location error`. */
function failures(spec: JsonObject, examples: readonly RequestExample[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const { label, schema, value } of examples) {
    const errors = validate(spec, schema, value);
    if (errors.length > 0)
      result.set(
        label,
        errors.map((e) => `${e.instanceLocation} ${e.error}`),
      );
  }
  return result;
}

let projectedKeys: string[];
let corrected: JsonObject;
let uncorrected: JsonObject;

beforeAll(async () => {
  const inputs = await loadProjectionInputs(REPO_ROOT);
  const upstream = (await loadDirectory(REPO_ROOT, LAYOUT.upstreamDir)).filter(
    (d) => !isDerivedDocument(d),
  );
  const { document } = projectMetaDocument({
    meta: inputs.meta.document,
    metaSource: inputs.meta.source,
    table: inputs.table,
    vendorOperations: vendorOperationsOf(upstream),
  });
  projectedKeys = listOperations(document).map(formatKey);
  const derived: SourceDocument = { source: "derived", document };
  const overlays = await loadDirectory(REPO_ROOT, LAYOUT.overlaysDir);
  // As the pipeline builds it: the derived document with the corrections of Meta's schema
  // (spec/projection-overlays/) applied by the projection step, then merged and overlaid.
  const projection = await projectUpstream(REPO_ROOT, upstream);
  expect(projection).toBeDefined();
  corrected = await buildEffectiveSpec([...upstream, projection?.derived ?? derived], overlays);
  uncorrected = await buildEffectiveSpec([...upstream, derived], overlays);
});

describe("Meta's request examples against the projected schema", () => {
  it("are all valid after the overlays (placeholders in enums apart)", () => {
    const examples = requestExamples(corrected, projectedKeys);
    // Meta gives 50 examples for POST /messages alone: a parse that finds none would pass vacuously.
    expect(examples.length).toBeGreaterThanOrEqual(60);
    const failed = failures(corrected, examples);
    for (const label of Object.keys(PLACEHOLDER_EXAMPLES)) failed.delete(label);
    expect(Object.fromEntries(failed)).toEqual({});
  });

  it("fail for a placeholder exactly where the list says", () => {
    const examples = requestExamples(corrected, projectedKeys);
    for (const [label, location] of Object.entries(PLACEHOLDER_EXAMPLES)) {
      const example = examples.find((e) => e.label === label);
      expect(example, label).toBeDefined();
      const errors = validate(corrected, example?.schema ?? {}, example?.value ?? null);
      // The branch for this message type fails at the placeholder; other branches fail elsewhere.
      expect(errors.map((e) => e.instanceLocation)).toContain(location);
    }
  });

  it("are not valid without the overlays (the corrections are needed)", () => {
    const failed = failures(uncorrected, requestExamples(uncorrected, projectedKeys));
    // Each correction of overlay 30 has an example that needs it.
    for (const label of [
      'POST /messages "Send Text Message"', // additionalProperties: false inside allOf
      'POST /messages "Send Contact Message"', // no recipient_type
      'POST /messages "Send Text Message with Preview URL"', // no type
      'POST /messages "Send typing indicator and read receipt"', // a read receipt, not a message
      'POST /messages "Send Location Message"', // numbers for latitude and longitude
      'POST /messages "Send Image Message by URL"', // a placeholder link under format: url
      'POST /messages "Send Flow Template Message"', // index "0" and sub_type flow
      'POST /messages "Send Order Details Message"', // order_details
      'POST /marketing/marketing_messages "Simple Template Message"', // no language.policy
    ]) {
      expect(failed.has(label), label).toBe(true);
    }
  });

  it("still rejects invalid messages after the overlays", () => {
    const paths = corrected.paths as Record<string, Record<string, JsonObject>>;
    const requestBody = (paths["/messages"]?.post?.requestBody ?? {}) as JsonObject;
    const content = (requestBody.content ?? {}) as Record<string, JsonObject>;
    const body = content["application/json"]?.schema ?? {};
    const text = {
      messaging_product: "whatsapp",
      to: "491234",
      type: "text",
      text: { body: "hi" },
    };
    expect(validate(corrected, body, text)).toEqual([]);
    // Overlay 40: the tracking string the sender reconciles by, on any message type.
    for (const message of [text, { ...text, type: "image", text: undefined, image: { id: "1" } }]) {
      const tracked = JSON.parse(JSON.stringify({ ...message, biz_opaque_callback_data: "k-1" }));
      expect(validate(corrected, body, tracked)).toEqual([]);
    }
    const invalid: Record<string, JsonValue> = {
      "an unknown field": { ...text, colour: "red" },
      "a missing to": { messaging_product: "whatsapp", type: "text", text: { body: "hi" } },
      "a wrong message type": { ...text, type: "fax" },
      "a template without a name": {
        messaging_product: "whatsapp",
        to: "491234",
        type: "template",
        template: { language: { code: "en_US" } },
      },
      "a read receipt without message_id": { messaging_product: "whatsapp", status: "read" },
      "a tracking string over 512 characters": {
        ...text,
        biz_opaque_callback_data: "k".repeat(513),
      },
    };
    for (const [what, value] of Object.entries(invalid)) {
      expect(validate(corrected, body, value).length, what).toBeGreaterThan(0);
    }
  });
});
