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
// - operations without tags get "Untagged": the client groups its methods by tag;
// - the GET with a request body (`GET /{Version}/{Flow-ID}/assets`) loses it: fetch cannot send
//   a body with GET, and the check in scripts/lib/spec-checks.ts reports it.
// Nothing else of Meta's document is changed, and the repository's own spec is not touched.
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMockHandler, type SpecDocument } from "@d360-messaging/mock-server";
import { startMockServer } from "@d360-messaging/mock-server/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type ClientMethod,
  checkConsumer,
  clientMethods,
  consumerCode,
  linkClientModules,
  type MetaClientWorkspace,
  metaClientWorkspace,
  twentyMethods,
} from "../bench-consumer.js";
import { isJsonObject, type JsonValue, sortKeys } from "../lib/json.js";
import { LAYOUT } from "../lib/layout.js";
import { sampleValue } from "./helpers/request-sample.js";
import { specRequests } from "./helpers/spec-requests.js";

let workspace: MetaClientWorkspace;
let methods: ClientMethod[];
let requests: ReturnType<typeof specRequests>;
beforeAll(async () => {
  workspace = await metaClientWorkspace();
  methods = clientMethods(workspace.spec);
  requests = specRequests(workspace.spec);
});
afterAll(() => workspace?.dispose());

describe("Meta's complete document through the pipeline", () => {
  test("merges and generates: every operation and tag reaches the types and the client", () => {
    expect(methods).toHaveLength(113);
    const schemas = requests.resolve(workspace.spec.components).schemas;
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
      const { url, init } = requests.validRequest(server.url, op, unbuildable);
      const response = await fetch(url, init);
      const text = await response.text();
      const expected = requests.successSchema(op);
      if (response.status !== expected.status) {
        wrong.push(`${op.method} ${op.path}: ${response.status} ${text.slice(0, 300)}`);
        continue;
      }
      if (expected.schema === undefined) continue;
      const body: unknown = JSON.parse(text);
      if (requests.valid(expected.schema, body)) continue;
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
      const request = requests.invalidRequest(server.url, op);
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

  test("every generated method of the Meta client, imported from the workspace, reaches the mock and resolves", async () => {
    await linkClientModules(workspace.root);
    const entry = path.join(workspace.root, "packages/client/src/client.ts");
    const { createD360Client } = (await import(pathToFileURL(entry).href)) as {
      createD360Client: (options: object) => Record<string, Record<string, CallableFunction>>;
    };
    const mock = createMockHandler({ spec: workspace.spec as SpecDocument, apiKeys: ["meta"] });
    const client = createD360Client({ apiKey: "meta", fetch: mock, retry: 0 });
    const unbuildable: string[] = [];
    const failed: string[] = [];
    for (const op of methods) {
      const { options, body } = requests.validArguments(op, unbuildable);
      const method = client[op.namespace]?.[op.key];
      if (method === undefined) {
        failed.push(`${op.key}: no client.${op.namespace}.${op.key}`);
        continue;
      }
      const call = body === undefined ? method(options) : method(body, options);
      await call.catch((error: Error) => failed.push(`${op.key}: ${error.message}`));
    }
    expect(unbuildable).toEqual([]);
    expect(failed).toEqual([]);
    expect(mock.requests.filter((r) => !/^2\d\d$/.test(String(r.status)))).toEqual([]);
    expect(mock.requests).toHaveLength(methods.length);
  });
});
