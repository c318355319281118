import { dereference, type Schema, validate } from "@cfworker/json-schema";
import { DEFAULT_API_KEY } from "@d360-messaging/mock-server";
import { isJsonObject, type JsonObject, resolvePointer } from "../../lib/json.js";
import { sampleValue } from "./request-sample.js";

/** An operation by method and path template. */
export interface Operation {
  method: string;
  path: string;
}

/**
 * Requests built from an OpenAPI document, for driving the mock (or anything serving the
 * document) over HTTP: a valid one per operation (its examples where they validate, samples
 * otherwise, each checked against its schema), a spoiled one, and the schema a success answers
 * with. Authenticated with the mock's default API key.
 */
export function specRequests(spec: JsonObject) {
  /** `{ "$ref": … }` resolved against the effective spec (one level, as the spec uses them). */
  function resolve(value: unknown): JsonObject {
    if (isJsonObject(value) && typeof value.$ref === "string") {
      return resolve(resolvePointer(spec, value.$ref));
    }
    return isJsonObject(value) ? value : {};
  }

  /**
   * A value for a parameter or a body that is valid against its schema: the first of its
   * examples, a sample built from the schema with its examples, and one without them that
   * validates (Meta's document has examples that contradict its schemas). `undefined` if none does.
   */
  function validSample(holder: JsonObject): unknown {
    const named = isJsonObject(holder.examples) ? Object.values(holder.examples) : [];
    const candidates = function* () {
      yield holder.example;
      for (const example of named) yield isJsonObject(example) ? example.value : undefined;
      // Each branch of the schema's oneOf/anyOf choices in turn, with examples and without.
      for (let branch = 0; branch < 12; branch++) {
        yield sampleValue(holder.schema, spec, { branch });
        yield sampleValue(holder.schema, spec, { branch, examples: false });
      }
    };
    for (const value of candidates()) {
      if (value === undefined) continue;
      if (!isJsonObject(holder.schema) || valid(holder.schema, value)) return value;
    }
    return undefined;
  }

  /** The operation object of `op` and its parameters (the path item's and its own), resolved. */
  function operationOf(op: Operation): { operation: JsonObject; parameters: JsonObject[] } {
    const item = resolve(resolve(spec.paths)[op.path]);
    const operation = resolve(item[op.method.toLowerCase()]);
    const parameters = [
      ...(Array.isArray(item.parameters) ? item.parameters : []),
      ...(Array.isArray(operation.parameters) ? operation.parameters : []),
    ].map(resolve);
    return { operation, parameters };
  }

  /**
   * {@link validRequest} with one thing the spec forbids, or `undefined` where nothing can be
   * spoiled: a JSON body of a type its schema refuses, else a required query parameter left out,
   * else a header its schema refuses.
   */
  function invalidRequest(
    base: string,
    op: Operation,
  ): { url: URL; init: RequestInit; what: string } | undefined {
    const { url, init } = validRequest(base, op, []);
    const { operation, parameters } = operationOf(op);
    const json = resolve(resolve(resolve(operation.requestBody).content)["application/json"]);
    if (typeof init.body === "string" && isJsonObject(json.schema)) {
      const schema = json.schema;
      const wrong = [42, "x", [], {}].find((value) => !valid(schema, value));
      if (wrong !== undefined) {
        return { url, init: { ...init, body: JSON.stringify(wrong) }, what: "body" };
      }
    }
    const query = parameters.find((p) => p.in === "query" && p.required === true);
    if (query !== undefined) {
      url.searchParams.delete(String(query.name));
      return { url, init, what: `query ${query.name} missing` };
    }
    const header = parameters.find((p) => p.in === "header" && !valid(p.schema, "not valid!"));
    if (header !== undefined) {
      const headers = new Headers(init.headers);
      headers.set(String(header.name), "not valid!");
      return { url, init: { ...init, headers }, what: `header ${header.name}` };
    }
    return undefined;
  }

  /**
   * What a generated method of `op` is called with for a valid request: its path parameters,
   * required query parameters and headers by spec name, and the body (undefined without one).
   */
  function validArguments(
    op: Operation,
    unbuildable: string[],
  ): { options: Record<string, unknown>; body: unknown } {
    const { operation, parameters } = operationOf(op);
    const options: Record<string, unknown> = {};
    for (const parameter of parameters) {
      // Path parameters, required query parameters and every header (as in validRequest).
      const query = parameter.in === "query" && parameter.required === true;
      if (parameter.in !== "path" && parameter.in !== "header" && !query) continue;
      const value = validSample(parameter);
      if (value === undefined) unbuildable.push(`${op.method} ${op.path}: ${parameter.name}`);
      options[String(parameter.name)] = value;
    }
    const content = resolve(resolve(operation.requestBody).content);
    const media = Object.keys(content)[0];
    const body = media === undefined ? undefined : validSample(resolve(content[media]));
    if (media !== undefined && body === undefined) {
      unbuildable.push(`${op.method} ${op.path}: ${media} body`);
    }
    return { options, body };
  }

  /** A request to `base` for `op` that is valid against the spec: required parameters and the body. */
  function validRequest(
    base: string,
    op: Operation,
    unbuildable: string[],
  ): { url: URL; init: RequestInit } {
    const { operation, parameters } = operationOf(op);
    const headers = new Headers({ "D360-API-KEY": DEFAULT_API_KEY });
    let route = op.path;
    const query = new URLSearchParams();
    for (const parameter of parameters) {
      const name = String(parameter.name);
      const value = validSample(parameter);
      if (value === undefined) unbuildable.push(`${op.method} ${op.path}: parameter ${name}`);
      const text = typeof value === "string" ? value : JSON.stringify(value);
      if (parameter.in === "path") route = route.replace(`{${name}}`, encodeURIComponent(text));
      // Every declared header, optional ones too: fetch sends its own User-Agent otherwise, and
      // Meta's document gives User-Agent a pattern.
      else if (parameter.in === "header") headers.set(name, text);
      else if (parameter.in === "query" && parameter.required === true) query.set(name, text);
    }
    const url = new URL(`${base}${route}`);
    url.search = query.toString();
    const content = resolve(resolve(operation.requestBody).content);
    const media = [
      "application/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
    ].find((type) => type in content);
    // Meta's `GET /{Version}/{Flow-ID}/assets` declares an optional, empty multipart body: fetch
    // cannot send a body with GET (and RFC 9110 section 9.3.1 gives it no meaning), so none is sent.
    if (media === undefined || op.method === "GET" || op.method === "HEAD") {
      return { url, init: { method: op.method, headers } };
    }
    const body = validSample(resolve(content[media]));
    if (body === undefined) unbuildable.push(`${op.method} ${op.path}: ${media} body`);
    if (media === "application/json") {
      headers.set("content-type", media);
      return { url, init: { method: op.method, headers, body: JSON.stringify(body) } };
    }
    // A form field per property; an array repeats its key (OpenAPI's default for forms, style
    // form with explode), anything else that is not a string goes as JSON.
    const fields = Object.entries(isJsonObject(body) ? body : {}).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map(
        (item) => [k, typeof item === "string" ? item : JSON.stringify(item)] as [string, string],
      ),
    );
    if (media === "application/x-www-form-urlencoded") {
      return { url, init: { method: op.method, headers, body: new URLSearchParams(fields) } };
    }
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    return { url, init: { method: op.method, headers, body: form } };
  }

  /** The schema of the first 2xx JSON response of `op`, with the spec's components for its refs. */
  function successSchema(op: Operation): {
    status: number;
    schema?: JsonObject;
    examples: unknown[];
  } {
    const item = resolve(resolve(spec.paths)[op.path]);
    const responses = resolve(resolve(item[op.method.toLowerCase()]).responses);
    const status = Object.keys(responses).find((s) => /^2\d\d$/.test(s)) ?? "200";
    const json = resolve(resolve(responses[status]).content)["application/json"];
    const schema = isJsonObject(json) ? json.schema : undefined;
    const named =
      isJsonObject(json) && isJsonObject(json.examples) ? Object.values(json.examples) : [];
    return {
      status: Number(status),
      examples: [
        isJsonObject(json) ? json.example : undefined,
        ...named.map((example) => (isJsonObject(example) ? example.value : undefined)),
      ].filter((value) => value !== undefined),
      schema: isJsonObject(schema) ? schema : undefined,
    };
  }

  /**
   * `value` without `example`/`examples` keywords: annotations with no say in validity, and
   * @cfworker/json-schema walks into them (Meta's examples hold objects with an `id` key, which it
   * takes for a schema URI).
   */
  function withoutExamples(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutExamples);
    if (!isJsonObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "example" && key !== "examples")
        .map(([key, inner]) => [key, withoutExamples(inner)]),
    );
  }

  /**
   * Validates against any schema object of the effective spec. The component schemas are
   * dereferenced once, each at its own pointer (building a validator per schema would walk Meta's
   * 370 schemas each time; dereferencing the whole document at once would take `components` for a
   * schema); each schema asked about is added the first time, under a pointer of its own.
   */
  function specValidator(spec: JsonObject): (schema: unknown, instance: unknown) => boolean {
    const lookup: Record<string, Schema | boolean> = Object.create(null);
    const schemas = resolve(spec.components).schemas;
    for (const [name, schema] of Object.entries(isJsonObject(schemas) ? schemas : {})) {
      const pointer = `/components/schemas/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      dereference(withoutExamples(schema) as Schema, lookup, undefined, pointer);
    }
    const twins = new WeakMap<object, Schema>();
    let asked = 0;
    return (schema, instance) => {
      if (!isJsonObject(schema)) return true;
      let twin = twins.get(schema);
      if (twin === undefined) {
        twin = withoutExamples(schema) as Schema;
        dereference(twin, lookup, undefined, `/x-asked/${asked++}`);
        twins.set(schema, twin);
      }
      return validate(instance, twin, "2020-12", lookup).valid;
    };
  }

  const valid = specValidator(spec);
  return { resolve, valid, validArguments, validRequest, invalidRequest, successSchema };
}
