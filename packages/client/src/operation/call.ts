/**
 * The one request path of every generated method: parameters into the URL, the body in the
 * operation's media type, openapi-fetch (and through it the client's retries and timeouts), and
 * the result checked: a success body that is JSON (and passes the method's own check), else an
 * `ApiError` with the same fields the named methods have always thrown.
 */
import { responseError } from "./response-error.js";
import type { CallContext, OperationSpec } from "./spec.js";

export type { CallContext, OperationSpec } from "./spec.js";

/** A request as the call takes it, untyped (the typed form is `OperationRequest`). */
export interface RawRequest {
  query?: Record<string, unknown>;
  path?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
  /** Send the body in this media type of the operation's rather than its first one. */
  mediaType?: string;
  signal?: AbortSignal;
  accept?: (body: never) => boolean;
  expected?: string;
}

/** Calls one operation; resolves with its checked success body. */
export type Caller = (operation: OperationSpec, request: RawRequest) => Promise<unknown>;

/**
 * `name=value` pairs, each value percent-encoded except for commas: a comma is allowed in a query
 * (RFC 3986 sub-delims), and the API's list parameters (`fields`) are documented as one
 * comma-separated value. Arrays repeat the name (OpenAPI's default `form`, `explode: true`).
 */
export function serializeQuery(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  const encode = (value: unknown) => encodeURIComponent(String(value)).replace(/%2C/gi, ",");
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      pairs.push(`${encodeURIComponent(name)}=${encode(item)}`);
    }
  }
  return pairs.join("&");
}

/**
 * A form body as `FormData`. An array repeats its name (`tasks=MANAGE&tasks=DEVELOP`), as
 * OpenAPI's default encoding of a form body says (style `form`, `explode: true`:
 * https://spec.openapis.org/oas/v3.1.0#encoding-object); `URLSearchParams` and `FormData` would
 * join it into one comma-separated value when given the object itself.
 */
function formData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body))
    for (const item of [value].flat())
      form.append(name, item instanceof Blob ? item : String(item));
  return form;
}

const SERIALIZERS: Record<string, (body: never) => BodyInit> = {
  // The same pairs, URL-encoded (URLSearchParams takes any iterable of pairs; a form body of this
  // media type has no files).
  "application/x-www-form-urlencoded": (body: Record<string, unknown>) =>
    new URLSearchParams(formData(body) as unknown as [string, string][]).toString(),
  "multipart/form-data": formData,
};

/** The caller over an openapi-fetch client built by `createD360Client`. */
export function createCaller(
  core: { request: (method: never, url: never, init: never) => Promise<unknown> },
  context: CallContext,
): Caller {
  const request = core.request as (
    method: string,
    url: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: string; error?: unknown; response: Response }>;

  return async (
    operation,
    { query = {}, path = {}, header, body, mediaType = operation.body, signal, accept, expected },
  ) => {
    declared(operation, query, operation.query);
    declared(operation, path, operation.pathParams);
    declared(operation, header ?? {}, operation.header);
    const search = serializeQuery(query);
    const serializer = mediaType ? SERIALIZERS[mediaType] : undefined;
    const { data, error, response } = await request(operation.method, operation.path, {
      params: { path, header },
      querySerializer: () => search,
      ...(body === undefined ? {} : { body }),
      ...(serializer ? { bodySerializer: serializer } : {}),
      // multipart: the platform sets the boundary itself.
      ...(mediaType && mediaType !== "multipart/form-data"
        ? { headers: { "Content-Type": mediaType } }
        : {}),
      parseAs: "text",
      signal,
    });
    let parsed: unknown = error;
    if (response.ok) {
      if (!operation.json) return undefined;
      try {
        parsed = JSON.parse(data as string);
      } catch {}
      if (
        typeof parsed === "object" &&
        parsed !== null &&
        !Array.isArray(parsed) &&
        (!accept || accept(parsed as never))
      )
        return parsed;
      parsed = data ?? "";
    }
    const target = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(String(path[name])),
    );
    const url = context.baseUrl + target + (search ? `?${search}` : "");
    throw responseError({ context, operation, url, response, parsed, expected });
  };
}

/**
 * A generated method without hand-written behaviour: `(options?)` or `(body, options?)`, the
 * options split into query, path and header parameters by the spec's names.
 */
export function operationMethod(call: Caller, operation: OperationSpec) {
  return async (...args: unknown[]): Promise<unknown> => {
    const [body, options] = operation.body ? args : [undefined, args[0]];
    const { signal, ...rest } = (options ?? {}) as Record<string, unknown> & {
      signal?: AbortSignal;
    };
    const pick = (names: readonly string[]) =>
      Object.fromEntries(names.filter((name) => name in rest).map((name) => [name, rest[name]]));
    const path = pick(operation.pathParams);
    const header = pick(operation.header);
    return call(operation, {
      // Everything else goes to the query, where an option the spec does not declare is a
      // TypeError naming it (see `declared`) rather than dropped without a word.
      query: Object.fromEntries(
        Object.entries(rest).filter(([name]) => !(name in path || name in header)),
      ),
      path,
      header,
      body,
      signal,
    });
  };
}

/**
 * Throw a `TypeError` naming the keys of `given` that are not in `names`: options the spec does
 * not declare for the operation would otherwise be dropped, or sent as parameters it does not
 * know.
 */
function declared(operation: OperationSpec, given: object, names: readonly string[]): void {
  const unknown = Object.keys(given).filter((name) => !names.includes(name));
  if (unknown.length) {
    throw new TypeError(
      `${operation.operationId} (${operation.method} ${operation.path}): ${unknown.map((name) => `"${name}"`).join(", ")} not among the parameters the spec declares`,
    );
  }
}
