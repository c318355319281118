/**
 * Compares two effective specs and classifies every difference by the semver
 * bump it means for @d360-messaging/types and @d360-messaging/client (issue 6):
 *
 * - major: removed path, operation, response, media type, parameter, property
 *   or schema; a property or parameter (or request body) becoming required; a
 *   new required property or parameter; a narrowed enum; a changed type or
 *   $ref; a changed operationId (the client's method names come from it); a
 *   changed first server URL (the client's default base URL); a property
 *   becoming optional (its generated type gains `| undefined`, which breaks
 *   code that reads it).
 * - minor: added path, operation, response, media type, optional parameter or
 *   property, enum value, schema; a parameter becoming optional; a deprecation;
 *   any other change not listed here (shown as "changed", for review).
 * - patch: descriptions, summaries, titles, examples, external docs, tags and
 *   `info` (including its version).
 *
 * Why not a library: api-smart-diff lists OpenAPI 3.0 only and classifies by
 * wire compatibility (a response property becoming optional is "non-breaking"),
 * openapi-diff (Atlassian) targets Swagger 2/OpenAPI 3.0 and pulls in axios,
 * and the pb33f/oasdiff tools are Go binaries. What a generated *types* package
 * breaks is narrower and different, so the rules above are kept here, small
 * and tested (scripts/test/diff.test.ts).
 */
import { isJsonObject, type JsonObject, type JsonValue, jsonEqual } from "./json.js";
import { HTTP_METHODS } from "./operations.js";

/** A semver bump. */
export type Bump = "major" | "minor" | "patch";

/** One difference, as one changeset line. */
export interface SpecChange {
  bump: Bump;
  text: string;
}

/** The classified differences and the bump they add up to (null: no difference). */
export interface SpecDiff {
  bump: Bump | null;
  changes: SpecChange[];
}

const BUMP_ORDER: readonly Bump[] = ["major", "minor", "patch"];

/** Keys that only document: changing them is a patch. */
const DOC_KEYS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "$comment",
]);

type Value = JsonValue | undefined;

function asObject(value: Value): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

function show(value: Value): string {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function unionKeys(a: Value, b: Value): string[] {
  return [
    ...new Set([...Object.keys(asObject(a) ?? {}), ...Object.keys(asObject(b) ?? {})]),
  ].sort();
}

/** A schema's type as a readable string: its $ref's last segment, or its `type` (arrays joined). */
function typeName(schema: Value): string | undefined {
  const s = asObject(schema);
  if (!s) return undefined;
  if (typeof s.$ref === "string") return s.$ref.split("/").pop();
  if (Array.isArray(s.type)) return [...s.type].map(String).sort().join(" | ");
  return typeof s.type === "string" ? s.type : undefined;
}

class Differ {
  readonly changes: SpecChange[] = [];

  constructor(
    private readonly before: JsonObject,
    private readonly after: JsonObject,
  ) {}

  private add(bump: Bump, text: string): void {
    this.changes.push({ bump, text });
  }

  /** Resolves a local `$ref` (`#/components/...`) in the document it came from. */
  private resolve(value: Value, side: "before" | "after"): JsonObject | undefined {
    const object = asObject(value);
    const ref = object?.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) return object;
    let current: Value = side === "before" ? this.before : this.after;
    for (const segment of ref.slice(2).split("/")) {
      current = asObject(current)?.[segment.replaceAll("~1", "/").replaceAll("~0", "~")];
    }
    return asObject(current);
  }

  /** Anything without a specific rule: doc keys are patch, the rest minor. */
  generic(label: string, a: Value, b: Value): void {
    if (jsonEqual(a, b)) return;
    if (isJsonObject(a) && isJsonObject(b)) {
      for (const key of unionKeys(a, b)) {
        if (DOC_KEYS.has(key)) this.doc(label, key, a[key], b[key]);
        else this.generic(`${label}.${key}`, a[key], b[key]);
      }
      return;
    }
    if (a === undefined) this.add("minor", `${label}: added ${show(b)}`);
    else if (b === undefined) this.add("minor", `${label}: removed (was ${show(a)})`);
    else this.add("minor", `${label}: changed from ${show(a)} to ${show(b)}`);
  }

  private doc(label: string, key: string, a: Value, b: Value): void {
    if (jsonEqual(a, b)) return;
    const what = a === undefined ? "added" : b === undefined ? "removed" : "changed";
    this.add("patch", `${label}: ${key} ${what}`);
  }

  /** Compares `a` and `b` key by key: `rules` handle some keys, DOC_KEYS are patches, the rest generic. */
  private keyed(
    label: string,
    a: JsonObject,
    b: JsonObject,
    rules: Record<string, (a: Value, b: Value) => void>,
  ): void {
    for (const key of unionKeys(a, b)) {
      const rule = rules[key];
      if (rule) rule(a[key], b[key]);
      else if (DOC_KEYS.has(key)) this.doc(label, key, a[key], b[key]);
      else this.generic(`${label}: ${key}`, a[key], b[key]);
    }
  }

  spec(): void {
    this.keyed("spec", this.before, this.after, {
      info: (a, b) => this.info(a, b),
      paths: (a, b) => this.paths(a, b),
      components: (a, b) => this.components(a, b),
      servers: (a, b) => this.servers(a, b),
      tags: (a, b) => {
        if (!jsonEqual(a, b)) this.add("patch", "tags changed");
      },
    });
  }

  private info(a: Value, b: Value): void {
    for (const key of unionKeys(a, b)) {
      const before = asObject(a)?.[key];
      const after = asObject(b)?.[key];
      if (jsonEqual(before, after)) continue;
      this.add(
        "patch",
        key === "version" ? `spec version ${show(before)} → ${show(after)}` : `info.${key} changed`,
      );
    }
  }

  private servers(a: Value, b: Value): void {
    const firstUrl = (v: Value) => asObject(Array.isArray(v) ? v[0] : undefined)?.url;
    const before = firstUrl(a);
    const after = firstUrl(b);
    if (before === undefined && after !== undefined) {
      // Nothing had a default before (a first spec): the client gains one, nobody loses one.
      this.add("minor", `default server URL set to ${show(after)} (the client's DEFAULT_BASE_URL)`);
    } else if (!jsonEqual(before, after)) {
      this.add(
        "major",
        `default server URL changed from ${show(before)} to ${show(after)} (the client's DEFAULT_BASE_URL)`,
      );
    } else {
      this.generic("servers", a, b);
    }
  }

  private paths(a: Value, b: Value): void {
    for (const path of unionKeys(a, b)) {
      const before = asObject(asObject(a)?.[path]);
      const after = asObject(asObject(b)?.[path]);
      if (!after) this.add("major", `removed path ${path}`);
      else if (!before) this.add("minor", `added path ${path}`);
      else this.pathItem(path, before, after);
    }
  }

  private pathItem(path: string, a: JsonObject, b: JsonObject): void {
    const rules: Record<string, (a: Value, b: Value) => void> = {
      // Path-level parameters are compared as part of each operation.
      parameters: () => {},
    };
    for (const method of HTTP_METHODS) {
      rules[method] = (opA, opB) => {
        const label = `${method.toUpperCase()} ${path}`;
        const before = asObject(opA);
        const after = asObject(opB);
        const id = (op: JsonObject) =>
          typeof op.operationId === "string" ? ` (${op.operationId})` : "";
        if (!after && before) this.add("major", `removed operation ${label}${id(before)}`);
        else if (!before && after) this.add("minor", `added operation ${label}${id(after)}`);
        else if (before && after) {
          this.operation(label, before, after, a.parameters, b.parameters);
        }
      };
    }
    this.keyed(`path ${path}`, a, b, rules);
  }

  private operation(
    label: string,
    a: JsonObject,
    b: JsonObject,
    pathParamsA: Value,
    pathParamsB: Value,
  ): void {
    this.parameters(label, [pathParamsA, a.parameters], [pathParamsB, b.parameters]);
    this.keyed(label, a, b, {
      parameters: () => {},
      operationId: (x, y) => {
        if (!jsonEqual(x, y)) {
          this.add(
            "major",
            `${label}: operationId changed from ${show(x)} to ${show(y)} (renames the client method)`,
          );
        }
      },
      deprecated: (x, y) => this.deprecated(label, x, y),
      requestBody: (x, y) => this.requestBody(label, x, y),
      responses: (x, y) => this.responses(label, x, y),
    });
  }

  private deprecated(label: string, a: Value, b: Value): void {
    if (jsonEqual(a, b)) return;
    if (b === true) this.add("minor", `${label}: deprecated`);
    else this.add("minor", `${label}: no longer deprecated`);
  }

  /** Parameters by `in` + `name`; operation-level ones override path-level ones. */
  private parameterMap(lists: Value[], side: "before" | "after"): Map<string, JsonObject> {
    const map = new Map<string, JsonObject>();
    for (const list of lists) {
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        const parameter = this.resolve(entry, side);
        if (parameter) map.set(`${String(parameter.in)}.${String(parameter.name)}`, parameter);
      }
    }
    return map;
  }

  private parameters(label: string, a: Value[], b: Value[]): void {
    const before = this.parameterMap(a, "before");
    const after = this.parameterMap(b, "after");
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    for (const key of keys) {
      const x = before.get(key);
      const y = after.get(key);
      const where = `${label}: parameter ${key}`;
      if (!y) this.add("major", `${where} removed`);
      else if (!x) this.added(where, y);
      else {
        this.keyed(where, x, y, {
          required: this.requiredChange(where),
          schema: (s1, s2) => this.schema(where, s1, s2),
          deprecated: (d1, d2) => this.deprecated(where, d1, d2),
        });
      }
    }
  }

  /** A parameter or request body that is new: breaking only when callers must now send it. */
  private added(where: string, item: Record<string, Value>): void {
    if (item.required === true) this.add("major", `${where} added (required)`);
    else this.add("minor", `${where} added (optional)`);
  }

  /** The rule for a parameter's or request body's `required` flag changing. */
  private requiredChange(where: string) {
    return (r1: Value, r2: Value) => {
      if (r1 === r2 || (r1 !== true && r2 !== true)) return;
      if (r2 === true) this.add("major", `${where} became required`);
      else this.add("minor", `${where} became optional`);
    };
  }

  private requestBody(label: string, a: Value, b: Value): void {
    const x = this.resolve(a, "before");
    const y = this.resolve(b, "after");
    const where = `${label}: request body`;
    if (!x && !y) return;
    if (!y) {
      this.add("major", `${where} removed`);
      return;
    }
    if (!x) {
      this.added(where, y);
      return;
    }
    this.keyed(where, x, y, {
      required: this.requiredChange(where),
      content: (c1, c2) => this.content(where, c1, c2),
    });
  }

  private responses(label: string, a: Value, b: Value): void {
    for (const status of unionKeys(a, b)) {
      const x = this.resolve(asObject(a)?.[status], "before");
      const y = this.resolve(asObject(b)?.[status], "after");
      const where = `${label}: response ${status}`;
      if (!y) this.add("major", `${where} removed`);
      else if (!x) this.add("minor", `${where} added`);
      else this.keyed(where, x, y, { content: (c1, c2) => this.content(where, c1, c2) });
    }
  }

  private content(label: string, a: Value, b: Value): void {
    for (const mediaType of unionKeys(a, b)) {
      const x = asObject(asObject(a)?.[mediaType]);
      const y = asObject(asObject(b)?.[mediaType]);
      const where = `${label} (${mediaType})`;
      if (!y) this.add("major", `${where} removed`);
      else if (!x) this.add("minor", `${where} added`);
      else this.keyed(where, x, y, { schema: (s1, s2) => this.schema(where, s1, s2) });
    }
  }

  private components(a: Value, b: Value): void {
    for (const section of unionKeys(a, b)) {
      const x = asObject(asObject(a)?.[section]);
      const y = asObject(asObject(b)?.[section]);
      for (const name of unionKeys(x, y)) {
        const before = x?.[name];
        const after = y?.[name];
        const where = section === "schemas" ? `schema ${name}` : `components.${section}.${name}`;
        if (after === undefined) this.add("major", `removed ${where}`);
        else if (before === undefined) this.add("minor", `added ${where}`);
        else if (section === "schemas") this.schema(where, before, after);
        else this.generic(where, before, after);
      }
    }
  }

  schema(label: string, a: Value, b: Value): void {
    if (jsonEqual(a, b)) return;
    const x = asObject(a);
    const y = asObject(b);
    if (!y || !x) {
      this.add(y ? "minor" : "major", `${label}: schema ${y ? "added" : "removed"}`);
      return;
    }
    const typeA = typeName(x);
    const typeB = typeName(y);
    if (typeA !== typeB) {
      // A new type makes the rest of the comparison noise.
      this.add("major", `${label}: type changed from ${typeA ?? "any"} to ${typeB ?? "any"}`);
      return;
    }
    const requiredA = new Set(Array.isArray(x.required) ? x.required : []);
    const requiredB = new Set(Array.isArray(y.required) ? y.required : []);
    this.keyed(label, x, y, {
      type: () => {},
      $ref: () => {},
      enum: (e1, e2) => this.enumeration(label, e1, e2),
      const: (c1, c2) => {
        if (!jsonEqual(c1, c2))
          this.add("major", `${label}: const changed from ${show(c1)} to ${show(c2)}`);
      },
      deprecated: (d1, d2) => this.deprecated(label, d1, d2),
      items: (i1, i2) => this.schema(`${label}[]`, i1, i2),
      properties: (p1, p2) => {
        for (const name of unionKeys(p1, p2)) {
          const before = asObject(p1)?.[name];
          const after = asObject(p2)?.[name];
          if (after === undefined) this.add("major", `${label}: removed property ${name}`);
          else if (before === undefined) {
            if (requiredB.has(name)) this.add("major", `${label}: added required property ${name}`);
            else this.add("minor", `${label}: added optional property ${name}`);
          } else this.schema(`${label}.${name}`, before, after);
        }
      },
      required: () => {
        // Only properties present on both sides: added/removed ones are reported above.
        const both = unionKeys(x.properties, y.properties).filter(
          (name) =>
            asObject(x.properties)?.[name] !== undefined &&
            asObject(y.properties)?.[name] !== undefined,
        );
        for (const name of both) {
          if (!requiredA.has(name) && requiredB.has(name)) {
            this.add("major", `${label}: property ${name} became required`);
          } else if (requiredA.has(name) && !requiredB.has(name)) {
            this.add(
              "major",
              `${label}: property ${name} became optional (its type gains undefined)`,
            );
          }
        }
      },
      allOf: (c1, c2) => this.composition(label, "allOf", c1, c2),
      anyOf: (c1, c2) => this.composition(label, "anyOf", c1, c2),
      oneOf: (c1, c2) => this.composition(label, "oneOf", c1, c2),
    });
  }

  private enumeration(label: string, a: Value, b: Value): void {
    if (jsonEqual(a, b)) return;
    if (!Array.isArray(b)) {
      this.add("minor", `${label}: enum removed (any value allowed)`);
      return;
    }
    if (!Array.isArray(a)) {
      this.add("major", `${label}: enum added (narrowed to ${show(b)})`);
      return;
    }
    const key = (v: JsonValue) => JSON.stringify(v);
    const before = new Set(a.map(key));
    const after = new Set(b.map(key));
    const removed = a.filter((v) => !after.has(key(v)));
    const added = b.filter((v) => !before.has(key(v)));
    if (removed.length > 0) {
      this.add(
        "major",
        `${label}: enum narrowed, removed ${removed.map((v) => show(v)).join(", ")}`,
      );
    }
    if (added.length > 0) {
      this.add(
        "minor",
        `${label}: enum value${added.length > 1 ? "s" : ""} added: ${added.map((v) => show(v)).join(", ")}`,
      );
    }
  }

  /** Composition is compared as a whole: a change there is too varied to classify safely, so it is major. */
  private composition(label: string, keyword: string, a: Value, b: Value): void {
    if (!jsonEqual(a, b)) this.add("major", `${label}: ${keyword} changed`);
  }
}

/**
 * The classified differences between two effective specs, major first, then
 * minor, then patch; within a bump, in sorted key order (the order of
 * spec/openapi.json), so the same pair always gives the same lines.
 */
export function diffSpecs(before: JsonObject, after: JsonObject): SpecDiff {
  const differ = new Differ(before, after);
  differ.spec();
  const changes = [...differ.changes].sort(
    (p, q) => BUMP_ORDER.indexOf(p.bump) - BUMP_ORDER.indexOf(q.bump),
  );
  return { bump: changes[0]?.bump ?? null, changes };
}
