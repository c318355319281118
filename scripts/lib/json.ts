import { createHash } from "node:crypto";

/** A parsed JSON (or YAML) value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A parsed JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of `value` with every object's keys in code-unit order; arrays keep their order. */
export function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isJsonObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys(value[key] as JsonValue);
  }
  return sorted;
}

/**
 * The canonical text of a JSON value: sorted keys, 2-space indent, trailing
 * newline. Used for spec/openapi.json so that the same spec always has the same
 * bytes (and the same SHA-256), whatever order the upstream files listed it in.
 */
export function canonicalJson(value: JsonValue): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** Structural equality of two JSON values (object key order ignored). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

/** Hex SHA-256 of a UTF-8 string. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A JSON pointer (RFC 6901) from path segments: `["paths", "/a"]` → `/paths/~1a`. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/**
 * What a local reference (`#/components/schemas/A`, with RFC 6901's `~1` and `~0` escapes)
 * names in `document`; undefined when it names nothing.
 */
export function resolvePointer(document: JsonObject, ref: string): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const segment of ref.slice(2).split("/")) {
    current = isJsonObject(current)
      ? current[segment.replaceAll("~1", "/").replaceAll("~0", "~")]
      : undefined;
  }
  return current;
}

/**
 * `value` itself, or the object its local `$ref` names (followed once); undefined for a value
 * that is not an object or a reference to something that is not one.
 */
export function resolveRef(
  document: JsonObject,
  value: JsonValue | undefined,
): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const ref = value.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return value;
  const target = resolvePointer(document, ref);
  return isJsonObject(target) ? target : undefined;
}
