import type { Context } from "hono";
import { errorResponse, jsonResponse } from "../../errors.js";
import { FORM_TYPES, mediaType } from "../../form.js";
import type {
  JsonSchema,
  SpecDocument,
  SpecOperation,
  SpecParameter,
  SpecRequestBody,
  SpecResponse,
} from "../../spec/document.js";
import { formSchema, setOwn } from "../../spec/normalize.js";
import { resolved, sampleBody } from "../../spec/sample.js";
import { schemaCheck } from "../../spec/validate.js";
import type { MockEnv } from "../env.js";
import { answeringSpecErrors } from "./spec-body.js";
import type { Route } from "./table.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const GROUPS = ["path", "query", "header"] as const;

/**
 * Every operation of `document` that no hand-written route serves (by operationId, or by method
 * and path), answered from the spec behind `authenticate`: parameters and body are validated
 * against their schemas (a mismatch is the spec's `ErrorResp` with 400), then the first 2xx
 * response is sent with a body built from its example or schema. So a team can call an endpoint
 * against the mock the day its spec lands.
 */
export function specRoutes(document: SpecDocument, handWritten: readonly Route[]): Route[] {
  const ids = new Set(handWritten.map((route) => route.operationId));
  const taken = new Set(handWritten.map((route) => `${route.method} ${route.path}`));
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as SpecOperation | undefined;
      if (typeof operation !== "object" || operation === null) continue;
      const upper = method.toUpperCase();
      if (operation.operationId !== undefined && ids.has(operation.operationId)) continue;
      if (taken.has(`${upper} ${path}`)) continue;
      const route: Route = {
        method: upper,
        path,
        authenticated: true,
        handle: answer(document, item, operation),
      };
      routes.push(
        operation.operationId === undefined
          ? route
          : { ...route, operationId: operation.operationId },
      );
    }
  }
  return routes;
}

/** A string from the URL or a header, as the parameter's schema types it (`"3"` → 3 for an integer). */
function coerce(raw: string[], schema: JsonSchema | undefined): unknown {
  const types = Array.isArray(schema?.type) ? schema.type : [schema?.type];
  if (types.includes("array")) return raw.map((v) => coerce([v], schema?.items as JsonSchema));
  const value = raw[0] ?? "";
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  return value;
}

function answer(
  document: SpecDocument,
  item: Record<string, unknown>,
  operation: SpecOperation,
): Route["handle"] {
  // Operation-level parameters override path-level ones of the same name and place.
  const parameters = new Map<string, SpecParameter>();
  for (const entry of [
    ...((item.parameters as SpecOperation["parameters"]) ?? []),
    ...(operation.parameters ?? []),
  ]) {
    const parameter = resolved<SpecParameter>(entry, document);
    if (parameter) parameters.set(`${parameter.in} ${parameter.name}`, parameter);
  }
  const groups = GROUPS.map((place) => {
    const list = [...parameters.values()].filter((p) => p.in === place);
    const schema: JsonSchema = {
      type: "object",
      properties: Object.fromEntries(list.map((p) => [p.name, p.schema ?? {}])),
      required: list.filter((p) => p.required || place === "path").map((p) => p.name),
    };
    return { place, list, check: schemaCheck(schema, document) };
  });
  const body = resolved<SpecRequestBody>(operation.requestBody, document);
  const media = Object.keys(body?.content ?? {});
  const bodySchemas = new Map(
    media.map((type) => {
      const schema = body?.content?.[type]?.schema ?? {};
      return [type, FORM_TYPES.has(type) ? formSchema(resolved(schema, document) ?? {}) : schema];
    }),
  );
  const bodyChecks = new Map(
    [...bodySchemas].map(([type, schema]) => [type, schemaCheck(schema, document)]),
  );
  const [status, response] =
    Object.entries(operation.responses ?? {})
      .filter(([code]) => /^2(\d\d|XX)$/.test(code))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, value]) => [code, resolved<SpecResponse>(value, document)] as const)[0] ?? [];
  const json = response?.content?.["application/json"];
  const code = status === undefined || status === "2XX" ? 200 : Number(status);

  const handle = async (
    c: Context<MockEnv>,
    params: Readonly<Record<string, string>>,
  ): Promise<Response> => {
    for (const { place, list, check } of groups) {
      if (list.length === 0) continue;
      const values: Record<string, unknown> = {};
      for (const { name, schema } of list) {
        const raw =
          place === "query"
            ? c.req.queries(name)
            : place === "path"
              ? [params[name]].filter((v): v is string => v !== undefined)
              : [c.req.header(name)].filter((v): v is string => v !== undefined);
        if (raw && raw.length > 0) values[name] = coerce(raw, schema);
      }
      const error = check(values);
      if (error) return errorResponse(400, `Invalid ${place} parameters (${error.slice(0, 300)})`);
    }
    if (body) {
      const text = c.var.record.body ?? "";
      if (text === "") {
        if (body.required) {
          return errorResponse(400, `Missing request body: send ${media.join(" or ")}`);
        }
      } else {
        const type = mediaType(c.req);
        const check = bodyChecks.get(type);
        if (!check) {
          return errorResponse(
            400,
            `Unsupported Content-Type "${type.slice(0, 100)}": this operation takes ${media.join(", ")}`,
          );
        }
        let value: unknown;
        if (type === "application/json") {
          try {
            value = JSON.parse(text);
          } catch {
            return errorResponse(400, "The request body is not valid JSON");
          }
        } else if (FORM_TYPES.has(type)) {
          const form = await readForm(c, type, text, bodySchemas.get(type) ?? {}, document);
          if (typeof form === "string") return errorResponse(400, form);
          value = form;
        } else {
          value = text;
        }
        const error = check(value);
        if (error) return errorResponse(400, `Invalid request body (${error.slice(0, 300)})`);
      }
    }
    if (!json) return new Response(null, { status: code });
    return jsonResponse(sampleBody(json, document), code);
  };
  return answeringSpecErrors(handle);
}

/**
 * A form body as the object of its fields, each value typed by its property's schema as a
 * parameter is (`"3"` → 3 for an integer). A file part is its content as text, which the
 * schema's `{"type": "string", "format": "binary"}` (or OpenAPI 2's `{"type": "file"}`, read
 * as that) accepts. The last value of a repeated field wins. Returns a 400 message when the
 * body cannot be read as a form.
 */
async function readForm(
  c: Context<MockEnv>,
  type: string,
  text: string,
  schema: JsonSchema,
  document: SpecDocument,
): Promise<Record<string, unknown> | string> {
  let entries: [string, string | File][];
  if (type === "application/x-www-form-urlencoded") {
    entries = [...new URLSearchParams(text)];
  } else {
    try {
      entries = [...(await c.req.formData())] as [string, string | File][];
    } catch {
      return `Malformed ${type} body: send fields as the media type says (a boundary in the Content-Type)`;
    }
  }
  const properties = (resolved<JsonSchema>(schema, document)?.properties ?? {}) as Record<
    string,
    JsonSchema
  >;
  const form: Record<string, unknown> = {};
  for (const [name, entry] of entries) {
    const raw = typeof entry === "string" ? entry : await entry.text();
    const property = Object.hasOwn(properties, name)
      ? resolved<JsonSchema>(properties[name], document)
      : undefined;
    setOwn(form, name, typeof entry === "string" ? coerce([raw], property) : raw);
  }
  return form;
}
