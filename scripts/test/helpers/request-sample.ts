import fc from "fast-check";
import { isJsonObject, type JsonObject, type JsonValue } from "../../lib/json.js";

/** How {@link sampleValue} chooses where a schema leaves a choice. */
export interface SampleOptions {
  /** Use the schemas' own examples (default true). */
  examples?: boolean;
  /** Which branch of every `oneOf`/`anyOf` to take (the last where there are fewer; default 0). */
  branch?: number;
}

/**
 * A value valid against a JSON Schema of an OpenAPI document, for building requests in tests:
 * the schema's own `example`/`examples`, `const`, `default` or first `enum` value where it has
 * one (unless `options.examples` is false: a document's examples can contradict its schemas);
 * otherwise a value of its type that meets `pattern` (fast-check's `stringMatching`, with a
 * fixed seed), `format`, `minLength`, `minimum` and `minItems`. Written apart from the mock's
 * response sampler on purpose, so the mock's validation is checked by something it did not make.
 */
export function sampleValue(
  schema: unknown,
  document: JsonObject,
  options: SampleOptions = {},
  seen = new Set<string>(),
): JsonValue | undefined {
  const inner = (part: unknown, refs = seen) => sampleValue(part, document, options, refs);
  if (!isJsonObject(schema)) return undefined;
  if (typeof schema.$ref === "string") {
    if (seen.has(schema.$ref)) return undefined;
    return inner(resolvePointer(schema.$ref, document), new Set([...seen, schema.$ref]));
  }
  if (options.examples !== false && schema.example !== undefined) return schema.example;
  if (options.examples !== false && Array.isArray(schema.examples) && schema.examples.length > 0) {
    return schema.examples[0];
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const keyword of ["oneOf", "anyOf"]) {
    const branches = schema[keyword];
    if (Array.isArray(branches) && branches.length > 0) {
      return inner(branches[Math.min(options.branch ?? 0, branches.length - 1)]);
    }
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign(
      {},
      ...schema.allOf.map((part) => {
        const value = inner(part);
        return isJsonObject(value) ? value : {};
      }),
    );
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== "null") ?? (schema.properties ? "object" : types[0]);
  switch (type) {
    case "object": {
      const object: JsonObject = {};
      const properties = isJsonObject(schema.properties) ? schema.properties : {};
      for (const [name, property] of Object.entries(properties)) {
        const value = inner(property);
        if (value !== undefined) object[name] = value;
      }
      return object;
    }
    case "array": {
      const item = inner(schema.items);
      const count = Math.max(1, typeof schema.minItems === "number" ? schema.minItems : 1);
      return item === undefined ? [] : Array.from({ length: count }, () => item);
    }
    case "string":
      return sampleString(schema);
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return undefined;
  }
}

const FORMATS: Record<string, string> = {
  "date-time": "2025-01-01T00:00:00Z",
  date: "2025-01-01",
  time: "09:00:00Z",
  email: "user@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
};

function sampleString(schema: JsonObject): string {
  if (typeof schema.pattern === "string") {
    const [value] = fc.sample(fc.stringMatching(new RegExp(schema.pattern, "u")), {
      seed: 19,
      numRuns: 1,
    });
    if (value !== undefined) return value;
  }
  const text = FORMATS[String(schema.format)] ?? "sample";
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  return text.padEnd(min, "x");
}

/** The value a local JSON pointer (`#/components/...`) points at. */
export function resolvePointer(ref: string, document: JsonObject): unknown {
  let current: unknown = document;
  for (const segment of ref.replace(/^#\//, "").split("/")) {
    const key = decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~");
    current = isJsonObject(current) ? current[key] : undefined;
  }
  return current;
}
