import { SpecContentError } from "./errors.js";
import { isJsonObject, type JsonObject } from "./json.js";

/** HTTP methods an OpenAPI 3.1 path item can hold, in the order operations are listed. */
export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
] as const;

/**
 * Safe methods (RFC 9110 section 9.2.1) are idempotent by definition, so an
 * operation with one of them needs no `x-idempotent` marker. Everything else is
 * idempotent only when the spec (an overlay) says `x-idempotent: true`.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** One operation of the spec, as the client's generated table lists it. */
export interface OperationInfo {
  /** camelCased operationId: the key in OPERATIONS and the client's method name. */
  key: string;
  operationId: string;
  method: string;
  path: string;
  idempotent: boolean;
}

/** `get-business-public-key` → `getBusinessPublicKey` (also for `_`, `.`, spaces). */
export function camelCase(operationId: string): string {
  const words = operationId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words
    .map((word, i) => (i === 0 ? word[0]?.toLowerCase() : word[0]?.toUpperCase()) + word.slice(1))
    .join("");
}

/** One operation object of a spec's `paths`, with where it sits. */
export interface SpecOperation {
  path: string;
  /** Lower case, as the path item keys it. */
  method: (typeof HTTP_METHODS)[number];
  /** The path item: its `parameters` apply to every operation under it. */
  item: JsonObject;
  operation: JsonObject;
}

/**
 * Every operation object of the spec's `paths`, by path (sorted, or as the document writes
 * them with `"document"`), then method in {@link HTTP_METHODS} order. Checks nothing: the one
 * walk that {@link listOperations}, the spec checks and the pull request body share.
 */
export function* eachOperation(
  spec: JsonObject,
  order: "sorted" | "document" = "sorted",
): Generator<SpecOperation> {
  const paths = isJsonObject(spec.paths) ? spec.paths : {};
  const keys = order === "sorted" ? Object.keys(paths).sort() : Object.keys(paths);
  for (const path of keys) {
    const item = paths[path];
    if (!isJsonObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isJsonObject(operation)) yield { path, method, item, operation };
    }
  }
}

/** The operationIds a document defines, in path (as written) then method order. */
export function operationIds(document: JsonObject): string[] {
  return [...eachOperation(document, "document")]
    .map(({ operation }) => operation.operationId)
    .filter((id) => typeof id === "string");
}

/**
 * Every operation of the spec, sorted by path then method. Throws
 * {@link SpecContentError} for what the client cannot work with: a missing
 * operationId, two operationIds with the same camelCase key, a non-boolean
 * `x-idempotent`.
 */
export function listOperations(spec: JsonObject): OperationInfo[] {
  const operations: OperationInfo[] = [];
  const byKey = new Map<string, OperationInfo>();
  for (const { path, method, operation } of eachOperation(spec)) {
    const upper = method.toUpperCase();
    const where = `${upper} ${path}`;
    const operationId = operation.operationId;
    if (typeof operationId !== "string" || operationId === "") {
      throw new SpecContentError(
        `${where} has no operationId; the client names its methods after them. Add one with an overlay in spec/overlays/.`,
      );
    }
    const marker = operation["x-idempotent"];
    if (marker !== undefined && typeof marker !== "boolean") {
      throw new SpecContentError(
        `${where} (${operationId}) has x-idempotent ${JSON.stringify(marker)}; it must be true or false.`,
      );
    }
    const info: OperationInfo = {
      key: camelCase(operationId),
      operationId,
      method: upper,
      path,
      idempotent: marker ?? SAFE_METHODS.has(upper),
    };
    if (!/^[A-Za-z_$][\w$]*$/.test(info.key)) {
      throw new SpecContentError(
        `operationId "${operationId}" (${where}) does not make a JavaScript identifier ("${info.key}"); rename it with an overlay in spec/overlays/.`,
      );
    }
    const clash = byKey.get(info.key);
    if (clash) {
      throw new SpecContentError(
        `operationIds "${clash.operationId}" and "${operationId}" both become "${info.key}"; rename one with an overlay in spec/overlays/.`,
      );
    }
    byKey.set(info.key, info);
    operations.push(info);
  }
  return operations;
}
