import type { Context, Hono, MiddlewareHandler } from "hono";
import { errorResponse, jsonResponse } from "../../errors.js";
import type {
  JsonSchema,
  SpecDocument,
  SpecOperation,
  SpecParameter,
  SpecRequestBody,
  SpecResponse,
} from "../../spec/document.js";
import { resolveRef, sampleBody } from "../../spec/sample.js";
import { schemaCheck } from "../../spec/validate.js";
import { authenticate } from "../authenticate.js";
import type { MockEnv, MockState } from "../env.js";
import { methodNotAllowed } from "./fallbacks.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const GROUPS = ["path", "query", "header"] as const;

/**
 * Every operation of `document` not in `handWritten`, answered from the spec, behind
 * {@link authenticate}: parameters and body are validated against their schemas (a mismatch is
 * the spec's `ErrorResp` with 400), then the first 2xx response is sent with a body built from
 * its example or schema. So a team can call an endpoint against the mock the day its spec lands.
 * A path no hand-written route shares answers other methods with 405.
 */
export function registerSpecRoutes(
  app: Hono<MockEnv>,
  state: MockState,
  document: SpecDocument,
  handWritten: ReadonlySet<string>,
): void {
  const auth = authenticate(state);
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const served: string[] = [];
    let shared = false;
    for (const method of METHODS) {
      const operation = item[method] as SpecOperation | undefined;
      if (typeof operation !== "object" || operation === null) continue;
      if (operation.operationId !== undefined && handWritten.has(operation.operationId)) {
        shared = true;
        continue;
      }
      app.on(method.toUpperCase(), honoPath(path), auth, answer(document, item, operation));
      served.push(method.toUpperCase());
    }
    if (served.length > 0 && !shared) {
      app.all(
        honoPath(path),
        methodNotAllowed(served.includes("GET") ? [...served, "HEAD"] : served),
      );
    }
  }
}

/** `/items/{id}` → Hono's `/items/:id`. */
function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}

function resolved<T>(
  value: T | { $ref: string } | undefined,
  document: SpecDocument,
): T | undefined {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    return resolveRef(value.$ref, document) as T | undefined;
  }
  return value as T | undefined;
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
): MiddlewareHandler<MockEnv> {
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
  const bodyChecks = new Map(
    media.map((type) => [type, schemaCheck(body?.content?.[type]?.schema ?? {}, document)]),
  );
  const [status, response] =
    Object.entries(operation.responses ?? {})
      .filter(([code]) => /^2(\d\d|XX)$/.test(code))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, value]) => [code, resolved<SpecResponse>(value, document)] as const)[0] ?? [];
  const json = response?.content?.["application/json"];
  const code = status === undefined || status === "2XX" ? 200 : Number(status);

  return async (c: Context<MockEnv>) => {
    for (const { place, list, check } of groups) {
      if (list.length === 0) continue;
      const values: Record<string, unknown> = {};
      for (const { name, schema } of list) {
        const raw =
          place === "query"
            ? c.req.queries(name)
            : place === "path"
              ? [c.req.param(name)].filter((v): v is string => v !== undefined)
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
        const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
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
        } else if (type === "application/x-www-form-urlencoded") {
          value = Object.fromEntries(new URLSearchParams(text));
        } else {
          value = await c.req.parseBody();
        }
        const error = check(value);
        if (error) return errorResponse(400, `Invalid request body (${error.slice(0, 300)})`);
      }
    }
    if (!json) return new Response(null, { status: code });
    return jsonResponse(sampleBody(json, document), code);
  };
}
