import { errorResponse } from "../../errors.js";
import type {
  JsonSchema,
  SpecDocument,
  SpecOperation,
  SpecRequestBody,
} from "../../spec/document.js";
import { resolveRef } from "../../spec/sample.js";
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
  let body = operation?.requestBody as SpecRequestBody | { $ref: string } | undefined;
  if (body && "$ref" in body && typeof body.$ref === "string") {
    body = resolveRef(body.$ref, document) as SpecRequestBody | undefined;
  }
  const schema = (body as SpecRequestBody | undefined)?.content?.["application/json"]?.schema;
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
