import { errorResponse } from "../../errors.js";
import type {
  JsonSchema,
  SpecDocument,
  SpecOperation,
  SpecRequestBody,
} from "../../spec/document.js";
import { resolved, resolveRef } from "../../spec/sample.js";
import { SpecSchemaError, schemaCheck } from "../../spec/validate.js";
import type { Route } from "./table.js";

/**
 * The check of an operation's JSON request body against the spec's schema, for the
 * hand-written routes that validate as the spec does; `undefined` when the spec has no JSON
 * body for the operation (a spec handed to the mock may lack it).
 */
export function jsonBodyCheck(
  document: SpecDocument,
  path: string,
  method: string,
): ((value: unknown) => string | undefined) | undefined {
  const operation = document.paths?.[path]?.[method] as SpecOperation | undefined;
  const body = resolved<SpecRequestBody>(operation?.requestBody, document);
  const schema = body?.content?.["application/json"]?.schema;
  return schema === undefined ? undefined : schemaCheck(schema as JsonSchema, document);
}

/**
 * `handle`, answering 500 naming the spec when the spec's schemas cannot be compiled (the
 * spec's fault, not the request's), as the routes answered from the spec do.
 */
export function answeringSpecErrors(handle: Route["handle"]): Route["handle"] {
  return async (c, params) => {
    try {
      return await handle(c, params);
    } catch (error) {
      if (error instanceof SpecSchemaError) return errorResponse(500, error.message);
      throw error;
    }
  };
}

/**
 * A check of a value against the schema at `ref` (`#/components/schemas/Message`) that follows
 * the schema's `discriminator` (OpenAPI 3.1, Discriminator Object: the value of `propertyName`
 * picks the schema in `mapping`), so that a body of a known `type` gets the error of its own
 * schema ("/text: … required property "body"") instead of a `oneOf`'s "does not match exactly
 * one subschema". `undefined` when the document has no schema at `ref`.
 */
export function discriminatedCheck(
  document: SpecDocument,
  ref: string,
): ((value: unknown) => string | undefined) | undefined {
  if (resolveRef(ref, document) === undefined) return undefined;
  const checks = new Map<string, (value: unknown) => string | undefined>();
  const checkOf = (at: string) => {
    let check = checks.get(at);
    if (check === undefined) {
      check = schemaCheck({ $ref: at }, document);
      checks.set(at, check);
    }
    return check;
  };
  return (value) => {
    let at = ref;
    // Follow mappings (a mapped schema may discriminate again), at most a few levels.
    for (let depth = 0; depth < 8; depth++) {
      const schema = resolveRef(at, document) as
        | { discriminator?: { propertyName?: string; mapping?: Record<string, string> } }
        | undefined;
      const { propertyName, mapping } = schema?.discriminator ?? {};
      if (propertyName === undefined || mapping === undefined) break;
      const key = (value as Record<string, unknown> | null)?.[propertyName];
      const next =
        typeof key === "string" && Object.hasOwn(mapping, key) ? mapping[key] : undefined;
      if (next === undefined) break;
      at = next;
    }
    return checkOf(at)(value);
  };
}
