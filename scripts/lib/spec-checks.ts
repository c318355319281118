/**
 * Checks of the effective spec that openapi-typescript and the generators would otherwise pass
 * over in silence. Each returns every problem it finds (not only the first), so one run of
 * `pnpm generate` or `pnpm spec:update` reports them all.
 */
import { SpecContentError } from "./errors.js";
import { isJsonObject, type JsonObject, type JsonValue, resolveRef } from "./json.js";
import { eachOperation, HTTP_METHODS, operationIds } from "./operations.js";

/**
 * A path with every template expression made anonymous: `/{media_id}` and `/{session_id}` both
 * become `/{}`. OpenAPI 3.1, Paths Object: "Templated paths with the same hierarchy but different
 * templated names MUST NOT exist as they are identical"
 * (https://spec.openapis.org/oas/v3.1.0#paths-object). A literal character, `:` included, stays.
 */
export function templateShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

/** Paths of the spec that OpenAPI counts as the same template, with the methods each one has. */
export interface EquivalentPaths {
  /** The shared shape, e.g. `/{}`. */
  shape: string;
  /** Each path of the group (sorted) with its methods in upper case. */
  paths: { path: string; methods: string[] }[];
}

function methodsOf(item: JsonValue | undefined): string[] {
  if (!isJsonObject(item)) return [];
  return HTTP_METHODS.filter((method) => isJsonObject(item[method])).map((m) => m.toUpperCase());
}

/**
 * Every group of two or more paths with the same template shape. The generators of the client's
 * operation table and of the mock's routes match a request by method + template; a group whose
 * paths have different methods (GET and DELETE `/{media_id}`, POST `/{session_id}`) is allowed
 * but is the case where a router keyed by shape alone would send a request to the wrong one.
 */
export function equivalentPaths(spec: JsonObject): EquivalentPaths[] {
  const paths = isJsonObject(spec.paths) ? spec.paths : {};
  const byShape = new Map<string, string[]>();
  for (const path of Object.keys(paths).sort()) {
    const shape = templateShape(path);
    byShape.set(shape, [...(byShape.get(shape) ?? []), path]);
  }
  return [...byShape]
    .filter(([, group]) => group.length > 1)
    .map(([shape, group]) => ({
      shape,
      paths: group.map((path) => ({ path, methods: methodsOf(paths[path]) })),
    }));
}

/**
 * Equivalent templated paths that share a method: a request could belong to either, so the
 * spec is ambiguous (OpenAPI forbids it). One problem per method and group, naming every path.
 */
export function ambiguousPathProblems(spec: JsonObject): SpecContentError[] {
  const problems: SpecContentError[] = [];
  for (const group of equivalentPaths(spec)) {
    const methods = [...new Set(group.paths.flatMap((p) => p.methods))];
    for (const method of methods) {
      const clash = group.paths.filter((p) => p.methods.includes(method)).map((p) => p.path);
      if (clash.length < 2) continue;
      problems.push(
        new SpecContentError(
          `${clash.map((path) => `${method} ${path}`).join(" and ")} are the same templated path ` +
            "with different parameter names, which OpenAPI forbids " +
            "(https://spec.openapis.org/oas/v3.1.0#paths-object): a request cannot be told apart. " +
            "Remove or rename one with an overlay in spec/overlays/, or ask the vendor which one is meant.",
        ),
      );
    }
  }
  return problems;
}

/**
 * Parameter names used in two groups (`in`) of one operation, e.g. a path and a query parameter
 * both called `id`. The client takes an operation's parameters as one options object keyed by
 * name, so the two would be one option and one of them would be lost. An operation-level
 * parameter replaces a path-level one of the same name and `in` (OpenAPI, Operation Object
 * `parameters`), which is not a collision.
 */
export function parameterCollisionProblems(spec: JsonObject): SpecContentError[] {
  const problems: SpecContentError[] = [];
  for (const { path, method, item, operation } of eachOperation(spec)) {
    const byKey = new Map<string, JsonObject>();
    for (const list of [item.parameters, operation.parameters]) {
      for (const entry of Array.isArray(list) ? list : []) {
        const parameter = resolveRef(spec, entry);
        if (parameter && typeof parameter.name === "string") {
          byKey.set(`${String(parameter.in)} ${parameter.name}`, parameter);
        }
      }
    }
    const groups = new Map<string, string[]>();
    for (const parameter of byKey.values()) {
      const name = parameter.name as string;
      groups.set(name, [...(groups.get(name) ?? []), String(parameter.in)]);
    }
    const id = typeof operation.operationId === "string" ? ` (${operation.operationId})` : "";
    for (const [name, places] of groups) {
      if (places.length < 2) continue;
      problems.push(
        new SpecContentError(
          `${method.toUpperCase()} ${path}${id} has a ${places.sort().join(" and a ")} parameter both named "${name}"; ` +
            "the client takes parameters as one options object keyed by name, so one would be lost. " +
            "Rename one with an overlay in spec/overlays/ (and tell the vendor).",
        ),
      );
    }
  }
  return problems;
}

/**
 * Every GET or HEAD operation with a request body. OpenAPI 3.1 permits one there but says it has
 * no well-defined semantics and SHOULD be avoided (Operation Object, `requestBody`:
 * https://spec.openapis.org/oas/v3.1.0#operation-object); the Fetch standard refuses it outright
 * ("Request with GET/HEAD method cannot have body"), so the generated method would demand a body
 * it can never send. (Meta's document has one: `GET /{Version}/{Flow-ID}/assets`.)
 */
export function safeMethodBodyProblems(spec: JsonObject): SpecContentError[] {
  const problems: SpecContentError[] = [];
  for (const { path, method, operation } of eachOperation(spec)) {
    if ((method !== "get" && method !== "head") || operation.requestBody === undefined) continue;
    const id = typeof operation.operationId === "string" ? ` (${operation.operationId})` : "";
    problems.push(
      new SpecContentError(
        `${method.toUpperCase()} ${path}${id} has a request body, which fetch cannot send with ${method.toUpperCase()}. ` +
          "Remove it with an overlay in spec/overlays/ (or move its fields to query parameters), and tell the vendor.",
      ),
    );
  }
  return problems;
}

/** Every problem of the effective spec that the checks above find, in a stable order. */
export function specProblems(spec: JsonObject): SpecContentError[] {
  return [
    ...ambiguousPathProblems(spec),
    ...parameterCollisionProblems(spec),
    ...safeMethodBodyProblems(spec),
  ];
}

/** What {@link extensionProblems} needs of a client extension: its file and the operationId it names. */
export interface ExtensionRef {
  file: string;
  operationId: string;
}

/**
 * Every client extension (packages/client/src/extensions/<operationId>.ts) whose operation the
 * spec no longer has, one problem each (the client generator stops at the first).
 */
export function extensionProblems(
  spec: JsonObject,
  extensions: readonly ExtensionRef[],
): SpecContentError[] {
  const known = new Set(operationIds(spec));
  return (
    extensions
      // A tag extension (src/extensions/tags/, operationId "") is checked against the tags when
      // the client is rendered.
      .filter((extension) => extension.operationId !== "" && !known.has(extension.operationId))
      .map(
        (extension) =>
          new SpecContentError(
            `${extension.file} extends operationId "${extension.operationId}", which the spec no longer has. ` +
              "Delete the extension, or rename it after the operation's new operationId (a renamed operation is a major change for the client).",
          ),
      )
  );
}
