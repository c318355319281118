/**
 * Compares two effective specs and classifies every difference by the semver
 * bump it means for @d360-messaging/types and @d360-messaging/client (issues 6
 * and 11). The rule: major when a consumer's code or types can stop compiling
 * or behave differently; which changes do that depends on the side of the
 * exchange a schema is on (CONTRIBUTING.md has the table):
 *
 * - Response side (the consumer reads it): a widened enum, a new oneOf/anyOf
 *   branch, a widened type, a property becoming optional or nullable are
 *   major: an exhaustive `switch` or a `Record<Status, …>` no longer compiles,
 *   or a read gains `| undefined`. A narrowed enum is major too: comparing
 *   with the removed literal no longer compiles (TS2367, TS2678). A property
 *   becoming required, a new property, a narrowed type are minor.
 * - Request side (the consumer writes it): a narrowed enum or type, a new
 *   required property or parameter, a property becoming required are major;
 *   widening (enum value, branch, type, optional) is minor.
 * - A schema used on both sides (or by no operation: its exported type may be
 *   used either way) takes the stricter verdict. In `webhooks` the sides turn
 *   round: the consumer reads the request body and writes the response.
 *
 * Everywhere: removed path, operation, response, media type, parameter,
 * property or schema, a changed operationId (the client's method names), a
 * changed first server URL (DEFAULT_BASE_URL), an incompatible type or $ref
 * change are major; added path, operation, response, optional parameter,
 * schema, a deprecation, any other unlisted change (shown as "changed", for
 * review) are minor; descriptions, summaries, titles, examples, tags and
 * `info` (including its version) are patch.
 *
 * Why not a library: oasdiff and pb33f's openapi-changes are Go binaries (the
 * npm package of the latter downloads one at install). api-smart-diff 1.0.6 is
 * plain JavaScript and direction-aware for inline schemas, but (tried on
 * fixtures) it rates a response type widened to `["string", "null"]`
 * non-breaking, and rates changes inside `components.schemas` without
 * looking at where they are used (a widened enum of a response component is
 * non-breaking there). Overriding those verdicts would leave as much code as
 * this file, so the rules are kept here, small and tested rule by rule
 * (scripts/test/diff.test.ts, scripts/test/fixtures/direction/).
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

/** Which side of the exchange a schema is on: the consumer sends it (request) or reads it (response). */
export type Direction = "request" | "response";
/** The sides a schema is used on; empty means no operation uses it. */
type Use = ReadonlySet<Direction>;

const REQUEST: Use = new Set(["request"]);
const RESPONSE: Use = new Set(["response"]);
const BOTH: Use = new Set(["request", "response"]);

/** A change whose bump depends on the side: what it means for each. */
interface Verdict {
  request: Bump;
  response: Bump;
}
/** Widening: new values can arrive in a response; a request may send more. */
const WIDENED: Verdict = { request: "minor", response: "major" };
/** Narrowing: fewer values arrive in a response; a request that sent one is refused. */
const NARROWED: Verdict = { request: "major", response: "minor" };
/**
 * An enum that loses a value (or gains an enum where any value was allowed) breaks either side:
 * a request that sent the value is refused, and code that reads a response and compares it with
 * the lost literal stops compiling (TypeScript: TS2367 "This comparison appears to be
 * unintentional", TS2678 for a `case`), because the generated type no longer has it.
 */
const ENUM_NARROWED: Verdict = { request: "major", response: "major" };

function stricter(a: Bump, b: Bump): Bump {
  return BUMP_ORDER.indexOf(a) <= BUMP_ORDER.indexOf(b) ? a : b;
}

/**
 * Every component schema an operation reaches, with the sides it is reached
 * from: parameters and request bodies are the request side, responses the
 * response side; `$ref`s are followed transitively (also through
 * components.parameters, requestBodies and responses).
 */
export function schemaUsage(spec: JsonObject): Map<string, Set<Direction>> {
  const usage = new Map<string, Set<Direction>>();
  const seen = new Set<string>();
  const resolvePointer = (ref: string): Value => {
    let current: Value = spec;
    for (const segment of ref.slice(2).split("/")) {
      current = asObject(current)?.[segment.replaceAll("~1", "/").replaceAll("~0", "~")];
    }
    return current;
  };
  const visit = (value: Value, side: Direction): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, side);
      return;
    }
    const object = asObject(value);
    if (!object) return;
    const ref = object.$ref;
    if (typeof ref === "string" && ref.startsWith("#/") && !seen.has(`${side} ${ref}`)) {
      seen.add(`${side} ${ref}`);
      const schema = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
      if (schema !== undefined) {
        const name = schema.replaceAll("~1", "/").replaceAll("~0", "~");
        usage.set(name, (usage.get(name) ?? new Set()).add(side));
      }
      visit(resolvePointer(ref), side);
    }
    for (const [key, child] of Object.entries(object)) {
      // Examples are data, not schemas: a "$ref" key in one is not a reference.
      if (!DOC_KEYS.has(key)) visit(child, side);
    }
  };
  // A webhook turns the sides round: the API sends the request body (the consumer reads it) and
  // the consumer writes the response.
  const sections: [Value, Direction, Direction][] = [
    [spec.paths, "request", "response"],
    [spec.webhooks, "response", "request"],
  ];
  for (const [section, sent, received] of sections) {
    for (const item of Object.values(asObject(section) ?? {})) {
      const pathItem = asObject(item);
      if (!pathItem) continue;
      visit(pathItem.parameters, sent);
      for (const method of HTTP_METHODS) {
        const operation = asObject(pathItem[method]);
        if (!operation) continue;
        visit(operation.parameters, sent);
        visit(operation.requestBody, sent);
        visit(operation.responses, received);
      }
    }
  }
  return usage;
}

/** The sides named in a changeset line. */
function sides(use: Use): string {
  if (use.size === 0) return "used by no operation, so counted as both sides";
  return use.size === 2 ? "request and response" : use.has("request") ? "request" : "response";
}

/** A schema's `type` as a set of names (`nullable: true` adds "null"); undefined without a `type`. */
function typeSet(schema: JsonObject): Set<string> | undefined {
  const types = Array.isArray(schema.type)
    ? schema.type.map(String)
    : typeof schema.type === "string"
      ? [schema.type]
      : undefined;
  if (!types) return undefined;
  const set = new Set(types);
  if (schema.nullable === true) set.add("null");
  return set;
}

const isSubset = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  [...a].every((item) => b.has(item));

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

class Differ {
  readonly changes: SpecChange[] = [];
  /** Sides each component schema is used on, before or after: a side either spec has counts. */
  private readonly usage = new Map<string, Set<Direction>>();

  constructor(
    private readonly before: JsonObject,
    private readonly after: JsonObject,
  ) {
    for (const spec of [before, after]) {
      for (const [name, used] of schemaUsage(spec)) {
        const all = this.usage.get(name) ?? new Set<Direction>();
        for (const side of used) all.add(side);
        this.usage.set(name, all);
      }
    }
  }

  private add(bump: Bump, text: string): void {
    this.changes.push({ bump, text });
  }

  /** A change whose bump depends on the side: the stricter verdict of the sides in `use` (both when none). */
  private directional(use: Use, verdict: Verdict, text: string): void {
    const counted = use.size === 0 ? BOTH : use;
    const bump = [...counted].map((side) => verdict[side]).reduce(stricter);
    this.add(bump, `${text} (${sides(use)})`);
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
          schema: (s1, s2) => this.schema(where, s1, s2, REQUEST),
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
      content: (c1, c2) => this.content(where, c1, c2, REQUEST),
    });
  }

  private responses(label: string, a: Value, b: Value): void {
    for (const status of unionKeys(a, b)) {
      const x = this.resolve(asObject(a)?.[status], "before");
      const y = this.resolve(asObject(b)?.[status], "after");
      const where = `${label}: response ${status}`;
      if (!y) this.add("major", `${where} removed`);
      else if (!x) this.add("minor", `${where} added`);
      else {
        this.keyed(where, x, y, { content: (c1, c2) => this.content(where, c1, c2, RESPONSE) });
      }
    }
  }

  private content(label: string, a: Value, b: Value, use: Use): void {
    for (const mediaType of unionKeys(a, b)) {
      const x = asObject(asObject(a)?.[mediaType]);
      const y = asObject(asObject(b)?.[mediaType]);
      const where = `${label} (${mediaType})`;
      if (!y) this.add("major", `${where} removed`);
      else if (!x) this.add("minor", `${where} added`);
      else this.keyed(where, x, y, { schema: (s1, s2) => this.schema(where, s1, s2, use) });
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
        else if (section === "schemas") {
          this.schema(where, before, after, this.usage.get(name) ?? new Set());
        } else this.generic(where, before, after);
      }
    }
  }

  /** Compares two schemas used on the sides in `use` (component schemas: where operations reach them). */
  schema(label: string, a: Value, b: Value, use: Use): void {
    if (jsonEqual(a, b)) return;
    const x = asObject(a);
    const y = asObject(b);
    if (!y || !x) {
      this.add(y ? "minor" : "major", `${label}: schema ${y ? "added" : "removed"}`);
      return;
    }
    if (!this.type(label, x, y, use)) return;
    const requiredA = new Set(Array.isArray(x.required) ? x.required : []);
    const requiredB = new Set(Array.isArray(y.required) ? y.required : []);
    this.keyed(label, x, y, {
      type: () => {},
      nullable: () => {},
      $ref: () => {},
      enum: (e1, e2) => this.enumeration(label, e1, e2, use),
      const: (c1, c2) => {
        if (!jsonEqual(c1, c2))
          this.add("major", `${label}: const changed from ${show(c1)} to ${show(c2)}`);
      },
      deprecated: (d1, d2) => this.deprecated(label, d1, d2),
      items: (i1, i2) => this.schema(`${label}[]`, i1, i2, use),
      properties: (p1, p2) => {
        for (const name of unionKeys(p1, p2)) {
          const before = asObject(p1)?.[name];
          const after = asObject(p2)?.[name];
          if (after === undefined) this.add("major", `${label}: removed property ${name}`);
          else if (before === undefined) {
            if (requiredB.has(name)) {
              // Requests must now send it; responses just carry one more field.
              this.directional(use, NARROWED, `${label}: added required property ${name}`);
            } else this.add("minor", `${label}: added optional property ${name}`);
          } else this.schema(`${label}.${name}`, before, after, use);
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
            this.directional(use, NARROWED, `${label}: property ${name} became required`);
          } else if (requiredA.has(name) && !requiredB.has(name)) {
            this.directional(
              use,
              WIDENED,
              `${label}: property ${name} became optional (its type gains undefined)`,
            );
          }
        }
      },
      allOf: (c1, c2) => {
        // Too varied to classify safely (a new member may add or restrict properties).
        if (!jsonEqual(c1, c2)) this.add("major", `${label}: allOf changed`);
      },
      anyOf: (c1, c2) => this.branches(label, "anyOf", c1, c2, use),
      oneOf: (c1, c2) => this.branches(label, "oneOf", c1, c2, use),
    });
  }

  /**
   * Compares `type` (with `nullable`) and `$ref`. A type set that only grows is
   * widened, one that only shrinks is narrowed (directional); anything else is
   * an incompatible change (major), after which the rest of the comparison is
   * noise: returns false then.
   */
  private type(label: string, x: JsonObject, y: JsonObject, use: Use): boolean {
    const refA = typeof x.$ref === "string" ? x.$ref : undefined;
    const refB = typeof y.$ref === "string" ? y.$ref : undefined;
    const typesA = typeSet(x);
    const typesB = typeSet(y);
    const name = (ref: string | undefined, types: Set<string> | undefined) =>
      ref?.split("/").pop() ?? (types ? [...types].sort().join(" | ") : "any");
    const from = name(refA, typesA);
    const to = name(refB, typesB);
    if (refA !== refB || (typesA === undefined) !== (typesB === undefined)) {
      this.add("major", `${label}: type changed from ${from} to ${to}`);
      return false;
    }
    if (!typesA || !typesB || from === to) return true;
    if (isSubset(typesA, typesB)) {
      const what = typesB.has("null") && !typesA.has("null") ? "became nullable" : "type widened";
      this.directional(use, WIDENED, `${label}: ${what} (${from} → ${to})`);
      return true;
    }
    if (isSubset(typesB, typesA)) {
      this.directional(use, NARROWED, `${label}: type narrowed (${from} → ${to})`);
      return true;
    }
    this.add("major", `${label}: type changed from ${from} to ${to}`);
    return false;
  }

  private enumeration(label: string, a: Value, b: Value, use: Use): void {
    if (jsonEqual(a, b)) return;
    if (!Array.isArray(b)) {
      this.directional(use, WIDENED, `${label}: enum removed (any value allowed)`);
      return;
    }
    if (!Array.isArray(a)) {
      this.directional(use, ENUM_NARROWED, `${label}: enum added (narrowed to ${show(b)})`);
      return;
    }
    const key = (v: JsonValue) => JSON.stringify(v);
    const before = new Set(a.map(key));
    const after = new Set(b.map(key));
    const removed = a.filter((v) => !after.has(key(v)));
    const added = b.filter((v) => !before.has(key(v)));
    if (removed.length > 0) {
      this.directional(
        use,
        ENUM_NARROWED,
        `${label}: enum narrowed, removed ${removed.map((v) => show(v)).join(", ")}`,
      );
    }
    if (added.length > 0) {
      this.directional(
        use,
        WIDENED,
        `${label}: enum value${added.length > 1 ? "s" : ""} added: ${added.map((v) => show(v)).join(", ")}`,
      );
    }
  }

  /**
   * oneOf/anyOf as a set of branches: only added branches widen, only removed
   * ones narrow (directional); a branch that changed is too varied to classify
   * safely, so it is major.
   */
  private branches(label: string, keyword: string, a: Value, b: Value, use: Use): void {
    if (jsonEqual(a, b)) return;
    const listA = Array.isArray(a) ? a : [];
    const listB = Array.isArray(b) ? b : [];
    const has = (list: JsonValue[], item: JsonValue) => list.some((i) => jsonEqual(i, item));
    const added = listB.filter((item) => !has(listA, item));
    const removed = listA.filter((item) => !has(listB, item));
    if (listA.length === 0 || listB.length === 0 || (added.length > 0 && removed.length > 0)) {
      this.add("major", `${label}: ${keyword} changed`);
    } else if (added.length > 0) {
      this.directional(use, WIDENED, `${label}: ${keyword} branch added (${added.length})`);
    } else {
      this.directional(use, NARROWED, `${label}: ${keyword} branch removed (${removed.length})`);
    }
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
