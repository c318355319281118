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
import { type AddressInfo, createServer } from "node:net";
import { Validator } from "@cfworker/json-schema";
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
} from "../bench-consumer.js";
import { isJsonObject, type JsonObject } from "../lib/json.js";
import { LAYOUT } from "../lib/layout.js";

let workspace: MetaClientWorkspace;
let methods: ClientMethod[];
beforeAll(async () => {
  workspace = await metaClientWorkspace();
  methods = clientMethods(workspace.spec);
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
    const step = Math.floor(methods.length / 20);
    const picked = Array.from({ length: 20 }, (_, i) => methods[i * step] as ClientMethod);
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
