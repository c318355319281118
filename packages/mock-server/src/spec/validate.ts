/**
 * Request validation against the spec's schemas with @cfworker/json-schema: a maintained JSON
 * Schema validator (drafts 4 to 2020-12) built for Cloudflare Workers, where code generation
 * with `new Function` (as ajv does) is refused. OpenAPI 3.1 schemas are JSON Schema 2020-12.
 */
import { Validator } from "@cfworker/json-schema";
import type { JsonSchema, SpecDocument } from "./document.js";

/** Keywords whose error only says "a subschema failed": the subschema's own error is clearer. */
const WRAPPERS = new Set([
  "$ref",
  "properties",
  "items",
  "prefixItems",
  "allOf",
  "additionalProperties",
]);

/**
 * A check of values against `schema`, whose `$ref`s resolve in the document's `components`.
 * Returns undefined for a valid value, else the first specific error as `<where>: <what>`.
 */
export function schemaCheck(
  schema: JsonSchema,
  document: SpecDocument,
): (value: unknown) => string | undefined {
  // `#/components/...` pointers resolve against the root schema, so the components ride along.
  const validator = new Validator(
    { ...schema, components: document.components ?? {} },
    "2020-12",
    false,
  );
  return (value) => {
    const result = validator.validate(value);
    if (result.valid) return undefined;
    const error = result.errors.find((e) => !WRAPPERS.has(e.keyword)) ?? result.errors[0];
    const where = error?.instanceLocation.replace(/^#/, "") || "/";
    return `${where}: ${error?.error ?? "does not match the schema"}`;
  };
}
