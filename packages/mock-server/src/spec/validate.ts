/**
 * Request validation against the spec's schemas with @cfworker/json-schema: a maintained JSON
 * Schema validator (drafts 4 to 2020-12) built for Cloudflare Workers, where code generation
 * with `new Function` (as ajv does) is refused. OpenAPI 3.1 schemas are JSON Schema 2020-12.
 */
import { Validator } from "@cfworker/json-schema";
import type { JsonSchema, SpecDocument } from "./document.js";
import { withLinearFormats } from "./formats.js";
import { validationSchema } from "./normalize.js";

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
 * How deeply a request value may nest (objects and arrays) before the mock refuses it unread.
 * The validator walks a value recursively, so a deep enough body (a 64 KiB body can nest 32,000
 * levels) against a self-referencing schema would overflow the stack; the vendor's own bodies
 * (a template message with components, buttons and parameters) nest fewer than ten levels.
 */
export const MAX_DEPTH = 64;

/**
 * The spec's schemas for an operation cannot be compiled (e.g. two schemas with one `$id`): the
 * spec's fault, not the request's, so the route answers 500 naming it. Internal.
 */
export class SpecSchemaError extends Error {
  override name = "SpecSchemaError";
  constructor(cause: unknown) {
    super(
      `The spec's schemas for this operation cannot be compiled (${String((cause as Error)?.message ?? cause).slice(0, 200)}): fix the spec handed to the mock`,
      { cause },
    );
  }
}

/**
 * A check of values against `schema`, whose `$ref`s resolve in the document's `components`.
 * Returns undefined for a valid value, else the first specific error as `<where>: <what>`.
 */
export function schemaCheck(
  schema: JsonSchema,
  document: SpecDocument,
): (value: unknown) => string | undefined {
  // Built on first use: the validator walks the whole document's schemas when it is made, and a
  // large spec (Meta's: 113 operations, 370 schemas) would otherwise take seconds per handler.
  let validator: Validator | undefined;
  const validatorOf = () => {
    // `#/components/schemas/...` pointers resolve against the root schema, so the schemas ride
    // along (where a `$ref` in a schema may point).
    try {
      validator ??= new Validator(
        { ...(validationSchema(schema) as JsonSchema), components: validationComponents(document) },
        "2020-12",
        false,
      );
    } catch (error) {
      throw new SpecSchemaError(error);
    }
    return validator;
  };
  return (value) => {
    const deep = depthBeyond(value, MAX_DEPTH);
    if (deep !== undefined) {
      // The location's head: the whole pointer can be longer than the message may be.
      const where = deep.length > 60 ? `${deep.slice(0, 60)}…` : deep;
      return `${where}: nested deeper than ${MAX_DEPTH} levels; the mock validates values up to that depth`;
    }
    let result: ReturnType<Validator["validate"]>;
    try {
      const check = validatorOf();
      result = withLinearFormats(() => check.validate(value));
    } catch (error) {
      // The depth bound keeps values shallow; a schema can still recurse without consuming the
      // value (`{"allOf": [{"$ref": "#"}]}`). A 400 naming that, never a 500.
      if (error instanceof RangeError) {
        return "/: the schema recurses too deeply to validate this value";
      }
      throw error;
    }
    if (result.valid) return undefined;
    const error = result.errors.find((e) => !WRAPPERS.has(e.keyword)) ?? result.errors[0];
    const where = error?.instanceLocation.replace(/^#/, "") || "/";
    return `${where}: ${error?.error ?? "does not match the schema"}`;
  };
}

// One copy per document, shared by all its operations' checks.
const COMPONENTS = new WeakMap<SpecDocument, { schemas: Record<string, unknown> }>();

function validationComponents(document: SpecDocument): { schemas: Record<string, unknown> } {
  let components = COMPONENTS.get(document);
  if (components === undefined) {
    const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>;
    components = {
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([name, sub]) => [name, validationSchema(sub)]),
      ),
    };
    COMPONENTS.set(document, components);
  }
  return components;
}

/**
 * The location (a JSON pointer) of the first object or array nested deeper than `max`, or
 * undefined. Iterative, so it cannot overflow the stack itself.
 */
export function depthBeyond(value: unknown, max: number): string | undefined {
  const stack: [unknown, number, string][] = [[value, 0, ""]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [current, depth, where] = entry;
    if (typeof current !== "object" || current === null) continue;
    if (depth >= max) return where || "/";
    for (const [key, child] of Object.entries(current)) {
      if (typeof child === "object" && child !== null) {
        stack.push([
          child,
          depth + 1,
          `${where}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`,
        ]);
      }
    }
  }
  return undefined;
}
