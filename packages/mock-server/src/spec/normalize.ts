/**
 * The vendor's documents are OpenAPI 3.1 converted from OpenAPI 2 (swaggo), and some of the
 * older dialect survives the conversion. Before the mock validates anything it reads those
 * shapes the way OpenAPI 3 writes them, on its own copy of the document.
 */
import type { JsonSchema, SpecDocument } from "./document.js";

// Keys whose values are data, not schemas: a `{"type": "file"}` inside an example stays as is.
const DATA_KEYS = new Set(["example", "examples", "default", "const", "enum"]);

/**
 * A copy of `document` where every schema `{"type": "file"}` (OpenAPI 2's form file parameter,
 * which the vendor's `upload-media` still has in its form body) is `{"type": "string",
 * "format": "binary"}`, OpenAPI 3.0's spelling of a file, so a form's file part validates as a
 * string ("Considerations for File Uploads", OpenAPI 3.0.3,
 * https://spec.openapis.org/oas/v3.0.3#considerations-for-file-uploads). Iterative, so a
 * document of any depth is copied without recursion.
 */
export function normalizeSpec(document: SpecDocument): SpecDocument {
  const root: { value: unknown } = { value: undefined };
  const stack: { from: unknown; into: Record<string, unknown>; key: string; data: boolean }[] = [
    { from: document, into: root, key: "value", data: false },
  ];
  for (let job = stack.pop(); job !== undefined; job = stack.pop()) {
    const { from, into, key, data } = job;
    if (typeof from !== "object" || from === null) {
      setOwn(into, key, from);
      continue;
    }
    const copy: Record<string, unknown> = Array.isArray(from) ? ([] as never) : {};
    setOwn(into, key, copy);
    const entries = new Map(Object.entries(from));
    if (!data && !Array.isArray(from)) {
      for (const [name, value] of fileToBinary(from as JsonSchema)) entries.set(name, value);
    }
    for (const [name, value] of entries) {
      stack.push({ from: value, into: copy, key: name, data: data || DATA_KEYS.has(name) });
    }
  }
  return root.value as SpecDocument;
}

/**
 * `target[key] = value` as an own property, also for a key named `__proto__` (which a JSON
 * document or a form can hold, and which assignment would take for the object's prototype).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

// The entries that replace a file type in a schema.
function fileToBinary(schema: JsonSchema): [string, unknown][] {
  const type = schema.type;
  const binary: [string, unknown][] = schema.format === undefined ? [["format", "binary"]] : [];
  if (type === "file") return [["type", "string"], ...binary];
  if (Array.isArray(type) && type.includes("file")) {
    return [["type", [...new Set(type.map((t) => (t === "file" ? "string" : t)))]], ...binary];
  }
  return [];
}

/**
 * The schema of a form body as an object of fields. The vendor's converter writes OpenAPI 2's
 * form parameters as a `oneOf` of titled branches, one per field (`upload-media`:
 * `{"oneOf": [{"title": "messaging_product", "type": "string"}, {"title": "file", "type":
 * "file"}]}`, its description the fields' descriptions joined by " | "). A form body is always
 * a set of named fields, so no such branch could ever match it: read it as those fields, each
 * optional (the conversion lost which were required). Any other schema is returned as it is.
 */
export function formSchema(schema: JsonSchema): JsonSchema {
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const fields = branches.every(
      (branch): branch is JsonSchema =>
        typeof branch === "object" &&
        branch !== null &&
        typeof (branch as JsonSchema).title === "string" &&
        (branch as JsonSchema).type !== "object" &&
        (branch as JsonSchema).$ref === undefined,
    );
    if (!fields) continue;
    return {
      type: "object",
      properties: Object.fromEntries(
        (branches as JsonSchema[]).map((branch) => [branch.title as string, branch]),
      ),
    };
  }
  return schema;
}

// JSON Schema 2020-12's keywords (Core and Validation vocabularies, and the Applicator's), with
// how each holds subschemas.
const ONE_SCHEMA = new Set([
  "additionalProperties",
  "propertyNames",
  "items",
  "contains",
  "unevaluatedItems",
  "unevaluatedProperties",
  "not",
  "if",
  "then",
  "else",
]);
const SCHEMA_LIST = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_MAP = new Set(["properties", "patternProperties", "dependentSchemas", "$defs"]);
const VALUE_KEYWORDS = new Set([
  "$id",
  "$ref",
  "$anchor",
  "$dynamicRef",
  "$dynamicAnchor",
  "type",
  "enum",
  "const",
  "required",
  "dependentRequired",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minContains",
  "maxContains",
  "minProperties",
  "maxProperties",
]);

/**
 * `schema` with only what validation reads: JSON Schema's keywords, the subschemas under them.
 * The validator walks every other key as if it held a schema, so an OpenAPI `example`,
 * `discriminator` or `x-…` extension with an `id` in it (Meta's examples carry message ids) was
 * read as a schema `id`, and two equal ones refused the whole document ("Duplicate schema URI").
 * Annotations (`title`, `description`, `example`, `examples`, `default`, `deprecated`, …) change
 * no verdict; the response bodies are still built from the full document.
 */
export function validationSchema(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (VALUE_KEYWORDS.has(key)) kept[key] = value;
    else if (ONE_SCHEMA.has(key)) kept[key] = validationSchema(value);
    else if (SCHEMA_LIST.has(key) && Array.isArray(value)) kept[key] = value.map(validationSchema);
    else if (SCHEMA_MAP.has(key) && typeof value === "object" && value !== null) {
      kept[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, validationSchema(sub)]),
      );
    }
  }
  return kept;
}
