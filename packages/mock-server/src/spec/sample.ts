/**
 * A response body from the spec: the media type's `example` (or first of `examples`), else one
 * built from the schema, using each schema's own `example`, `const`, `default` or first `enum`
 * value where it has one, and a plain value of its type otherwise.
 */
import type { JsonSchema, SpecDocument, SpecMediaType } from "./document.js";

/** The body the mock answers a successful call with. */
export function sampleBody(media: SpecMediaType | undefined, document: SpecDocument): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const named = media.examples && Object.values(media.examples)[0];
  if (named?.value !== undefined) return named.value;
  return sample(media.schema, document, new Set()) ?? {};
}

const FORMATS: Record<string, string> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  email: "user@example.com",
  uri: "https://example.com",
  uuid: "00000000-0000-4000-8000-000000000000",
};

function sample(
  schema: JsonSchema | undefined,
  document: SpecDocument,
  seen: Set<string>,
): unknown {
  if (!schema) return undefined;
  const ref = schema.$ref;
  if (typeof ref === "string") {
    // A recursive schema ends where it repeats.
    if (seen.has(ref)) return undefined;
    return sample(resolveRef(ref, document), document, new Set([...seen, ref]));
  }
  if ("example" in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("const" in schema) return schema.const;
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const keyword of ["oneOf", "anyOf"]) {
    const branches = schema[keyword];
    if (Array.isArray(branches) && branches.length > 0) {
      return sample(branches[0] as JsonSchema, document, seen);
    }
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign(
      {},
      ...schema.allOf.map((part) => sample(part as JsonSchema, document, seen) ?? {}),
    );
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== "null") ?? (schema.properties ? "object" : types[0]);
  switch (type) {
    case "object": {
      const object: Record<string, unknown> = {};
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      for (const [name, property] of Object.entries(properties)) {
        const value = sample(property, document, seen);
        if (value !== undefined) object[name] = value;
      }
      return object;
    }
    case "array": {
      const item = sample(schema.items as JsonSchema | undefined, document, seen);
      return item === undefined ? [] : [item];
    }
    case "string":
      return FORMATS[String(schema.format)] ?? "string";
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return undefined;
  }
}

/** The value a local `$ref` (`#/components/...`) points at. */
export function resolveRef(ref: string, document: SpecDocument): JsonSchema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let current: unknown = document;
  for (const segment of ref.slice(2).split("/")) {
    const key = segment.replaceAll("~1", "/").replaceAll("~0", "~");
    current =
      typeof current === "object" && current !== null
        ? (current as Record<string, unknown>)[key]
        : undefined;
  }
  return typeof current === "object" && current !== null ? (current as JsonSchema) : undefined;
}

/** `value` itself, or what it points at when it is a local `{"$ref": …}`. */
export function resolved<T>(
  value: T | { $ref: string } | undefined,
  document: SpecDocument,
): T | undefined {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    return resolveRef(value.$ref, document) as T | undefined;
  }
  return value as T | undefined;
}
