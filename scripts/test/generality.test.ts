// Generality (issue 19, "What to build" 4), the way openapi-typescript tests itself against
// real-world specs: the whole pipeline on a document it was not written for, Meta's complete
// WhatsApp Business Messaging API (spec/meta/business-messaging-api_v23.0.yaml: 113 operations,
// 370 schemas), in a scratch workspace. The document gets the adaptations listed in
// scripts/bench-generate.ts (prepareMetaDocument), each one what an overlay would do:
// - equivalent templated paths with a shared method (`GET /{Version}/{Flow-ID}` beside
//   `GET /{Version}/{WABA-ID}`): OpenAPI 3.1 says templated paths with the same hierarchy but
//   different names "MUST NOT exist as they are identical"
//   (https://spec.openapis.org/oas/v3.1.0#paths-object), and the mock and the retry policy could
//   not tell them apart, so all but the first get a literal segment;
// - the one operation without an operationId (`POST /whatsapp/webhooks`) gets one from its method
//   and path: the client names its methods after operationIds;
// - operations without tags get "Untagged": the client groups its methods by tag.
// Nothing else of Meta's document is changed, and the repository's own spec is not touched.
import { dereference, type Schema, validate } from "@cfworker/json-schema";
import { DEFAULT_API_KEY, type SpecDocument } from "@d360-messaging/mock-server";
import { startMockServer } from "@d360-messaging/mock-server/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type ClientMethod,
  checkConsumer,
  clientMethods,
  consumerCode,
  type MetaClientWorkspace,
  metaClientWorkspace,
  twentyMethods,
} from "../bench-consumer.js";
import { isJsonObject, type JsonObject, type JsonValue, sortKeys } from "../lib/json.js";
import { LAYOUT } from "../lib/layout.js";
import { sampleValue } from "./helpers/request-sample.js";

let workspace: MetaClientWorkspace;
let methods: ClientMethod[];
let valid: ReturnType<typeof specValidator>;
beforeAll(async () => {
  workspace = await metaClientWorkspace();
  methods = clientMethods(workspace.spec);
  valid = specValidator(workspace.spec);
});
afterAll(() => workspace?.dispose());

/** `{ "$ref": … }` resolved against the effective spec (one level, as the spec uses them). */
function resolve(value: unknown): JsonObject {
  if (isJsonObject(value) && typeof value.$ref === "string") {
    let current: unknown = workspace.spec;
    for (const segment of value.$ref.slice(2).split("/")) {
      current = isJsonObject(current) ? current[segment.replaceAll("~1", "/")] : undefined;
    }
    return resolve(current);
  }
  return isJsonObject(value) ? value : {};
}

describe("Meta's complete document through the pipeline", () => {
  test("merges and generates: every operation and tag reaches the types and the client", () => {
    expect(methods).toHaveLength(113);
    const schemas = resolve(workspace.spec.components).schemas;
    expect(Object.keys(isJsonObject(schemas) ? schemas : {})).toHaveLength(370);
    const schema = workspace.files.get(LAYOUT.typesSchema) ?? "";
    // openapi-typescript quotes a key only where it is not an identifier.
    const missing = methods.filter(
      ({ operationId }) =>
        !schema.includes(`    ${JSON.stringify(operationId)}: {\n`) &&
        !schema.includes(`    ${operationId}: {\n`),
    );
    expect(missing).toEqual([]);
    // One file per tag under src/generated/, each declaring the methods of its tag.
    const namespaces = new Set(methods.map((m) => m.namespace));
    const tagFiles = [...workspace.files.keys()].filter(
      (file) =>
        file.startsWith("packages/client/src/generated/") &&
        !/\/(operations|namespaces|methods)\.ts$/.test(file),
    );
    expect(tagFiles).toHaveLength(namespaces.size);
    const declared = tagFiles.flatMap((file) =>
      [...(workspace.files.get(file) ?? "").matchAll(/^ {2}(\w+): OperationMethod</gm)].map(
        (match) => match[1],
      ),
    );
    expect(declared.sort()).toEqual(methods.map((m) => m.key).sort());
  });

  test("every operation gets a unique, readable method name", () => {
    // Readable: a lowerCamelCase identifier; not a name every object already has
    // (`constructor`, `toString`, …) nor one of openapi-fetch's methods beside the namespaces;
    // at most 80 characters (Meta's longest operationId, 76, is one); unique even when case is
    // ignored, so two methods never differ by case alone.
    const taken = new Set([
      ...Object.getOwnPropertyNames(Object.prototype),
      ...["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"],
      ...["request", "use", "eject", "then"],
    ]);
    const unreadable = methods.filter(
      ({ key }) => !/^[a-z][A-Za-z0-9]*$/.test(key) || key.length > 80 || taken.has(key),
    );
    expect(unreadable).toEqual([]);
    const lower = methods.map((m) => m.key.toLowerCase());
    expect(new Set(lower).size).toBe(methods.length);
    // Namespaces follow the same rules, and none is taken by the client's own members.
    for (const namespace of new Set(methods.map((m) => m.namespace))) {
      expect(namespace).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(taken.has(namespace)).toBe(false);
    }
    // The operation without an operationId is named after its method and path.
    expect(methods.find((m) => m.path === "/whatsapp/webhooks")?.key).toBe("postWhatsappWebhooks");
  });

  test("the generated client compiles, and a consumer calling 20 methods type-checks", async () => {
    const picked = twentyMethods(methods);
    expect(picked).toHaveLength(20);
    // The check is real: a call with a wrong argument must be an error (else the directive is).
    const first = picked[0] as ClientMethod;
    const code = `${consumerCode(picked, "../src/client.js")}
// @ts-expect-error a number is neither a body nor options
await client.${first.namespace}.${first.key}(42, 42);
`;
    const check = await checkConsumer(workspace.root, code);
    expect(check.errors).toEqual([]);
    expect(check.instantiations).toBeGreaterThan(0);
  });
});

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
      yield sampleValue(holder.schema, workspace.spec, { branch });
      yield sampleValue(holder.schema, workspace.spec, { branch, examples: false });
    }
  };
  for (const value of candidates()) {
    if (value === undefined) continue;
    if (!isJsonObject(holder.schema) || valid(holder.schema, value)) return value;
  }
  return undefined;
}

/** The operation object of `op` and its parameters (the path item's and its own), resolved. */
function operationOf(op: ClientMethod): { operation: JsonObject; parameters: JsonObject[] } {
  const item = resolve(resolve(workspace.spec.paths)[op.path]);
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
  op: ClientMethod,
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

/** A request to `base` for `op` that is valid against the spec: required parameters and the body. */
function validRequest(
  base: string,
  op: ClientMethod,
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
function successSchema(op: ClientMethod): {
  status: number;
  schema?: JsonObject;
  examples: unknown[];
} {
  const item = resolve(resolve(workspace.spec.paths)[op.path]);
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

describe("the mock answers each of Meta's operations from the spec (over HTTP on loopback)", () => {
  let server: Awaited<ReturnType<typeof startMockServer>>;
  beforeAll(async () => {
    server = await startMockServer({ spec: workspace.spec as SpecDocument });
  });
  afterAll(() => server?.close());

  test("a request valid against the spec: the operation's 2xx, with a body valid against its schema", async () => {
    const wrong: string[] = [];
    const unbuildable: string[] = [];
    const contradicting: string[] = [];
    for (const op of methods) {
      const { url, init } = validRequest(server.url, op, unbuildable);
      const response = await fetch(url, init);
      const text = await response.text();
      const expected = successSchema(op);
      if (response.status !== expected.status) {
        wrong.push(`${op.method} ${op.path}: ${response.status} ${text.slice(0, 300)}`);
        continue;
      }
      if (expected.schema === undefined) continue;
      const body: unknown = JSON.parse(text);
      if (valid(expected.schema, body)) continue;
      // The mock answers with the document's own examples (the media type's, else the schemas'),
      // as the document shows them; where Meta's examples contradict Meta's schemas, that is the
      // document's doing (listed in the report), not the mock's.
      const documented = [...expected.examples, sampleValue(expected.schema, workspace.spec)];
      const same = (a: unknown) =>
        JSON.stringify(sortKeys(a as JsonValue)) === JSON.stringify(sortKeys(body as JsonValue));
      if (documented.some(same)) {
        contradicting.push(`${op.method} ${op.path}`);
      } else wrong.push(`${op.method} ${op.path}: body ${text.slice(0, 200)}`);
    }
    expect(unbuildable).toEqual([]);
    expect(wrong).toEqual([]);
    // Where the mock's body is Meta's own example and that contradicts Meta's schema (e.g.
    // `"start_time": "09:00"` for `format: time`, which RFC 3339 writes `09:00:00Z`): eight
    // operations of v23.0. A new one here means another contradiction in the document.
    expect(contradicting).toHaveLength(8);
  });

  test("a request the spec forbids: 400 with the vendor's error envelope, for every operation that can be spoiled", async () => {
    const wrong: string[] = [];
    let spoiled = 0;
    for (const op of methods) {
      const request = invalidRequest(server.url, op);
      if (request === undefined) continue;
      spoiled++;
      const response = await fetch(request.url, request.init);
      const body: unknown = await response.json().catch(() => undefined);
      // 360dialog's `utils.ErrorResp`: `{ "error": string }`.
      const envelope =
        isJsonObject(body) &&
        Object.keys(body).join() === "error" &&
        typeof body.error === "string";
      if (response.status !== 400 || !envelope) {
        wrong.push(
          `${op.method} ${op.path} (${request.what}): ${response.status} ${JSON.stringify(body)}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    // Every operation of Meta's document has something to spoil (most a User-Agent header
    // with a pattern); derived, so a document without one shows here.
    expect(spoiled).toBe(methods.length);
  });
});
