// Growth is green by construction (issue 19, "What to build" 1): a scratch copy of the spec
// grows by the vendor's real Media document and by documents in the vendor's style with the
// shapes its pages show (helpers/growth.ts); the pipeline (merge, overlays, generation, the
// changeset) runs on it and the generated types compile and read the way a consumer needs.
// Then the whole house on the grown copy: the client's entry and a consumer of every method
// type-check, the client passes docs:check (typedoc, warnings as errors), and every generated
// method of the regenerated client, imported from the copy's sources, reaches the mock answering
// from the grown spec. The packages' own suites are not re-run on the copy: what they describe
// of the generated surface (the wire, the operations table, the mock from the spec) is what this
// test drives for every operation, at a fraction of their time on two shared cores.
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMockHandler, type SpecDocument } from "@d360-messaging/mock-server";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { HAND_WRITTEN } from "../../packages/mock-server/src/app/routes/hand-written.js";
import {
  checkConsumer,
  clientMethods,
  consumerCode,
  linkClientModules,
} from "../bench-consumer.js";
import { SpecProblemsError } from "../lib/errors.js";
import type { JsonObject } from "../lib/json.js";
import { LAYOUT, REPO_ROOT } from "../lib/layout.js";
import { loadDocument } from "../lib/load.js";
import { generateInMemory, staleFiles } from "../lib/pipeline.js";
import { listOperations, operationIdentity } from "../lib/projection.js";
import { loadExtensions } from "../lib/render-client.js";
import { equivalentPaths } from "../lib/spec-checks.js";
import { specUpdate } from "../lib/spec-update.js";
import { docsCheckClient } from "./helpers/docs-check.js";
import { growSpec, growthInputs, syntheticVendorDocuments } from "./helpers/growth.js";
import { copyRepo, fixturePath, snapshot } from "./helpers/repo-copy.js";
import { specRequests } from "./helpers/spec-requests.js";
import { typecheckFiles } from "./helpers/typecheck.js";

/** Each operation of a spec as `METHOD /path` with parameter names erased (`/{}`). */
const operationsOf = (spec: JsonObject) =>
  listOperations(spec).map(({ method, path }) => operationIdentity(method, path));

let repo: Awaited<ReturnType<typeof copyRepo>>;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.dispose());

/** A consumer of the grown types: what each vendor shape must let a caller write and read. */
const CONSUMER = `import type { paths } from "./index.js";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;

// A bare {"type":"object"} response: any field can be read, as unknown.
declare const attachments: Json<paths["/whatsapp_business/attachments/"]["get"]["responses"]["200"]>;
export const anyField: unknown = attachments.data;

// Root-level templated paths, each with its own parameter name.
export const mediaId: paths["/{media_id}"]["get"]["parameters"]["path"]["media_id"] = "1234";
declare const media: Json<paths["/{media_id}"]["get"]["responses"]["200"]>;
export const url: string | undefined = media.url;
export const sessionId: paths["/{session_id}"]["post"]["parameters"]["path"]["session_id"] = "upload:1";
// A literal colon is part of the path.
export const status: paths["/upload:{session_id}"]["get"]["parameters"]["path"]["session_id"] = "s";

// An OpenAPI 2 {"type":"file"} form field reads as binary (a string, as format: binary does).
type Form = paths["/media"]["post"]["requestBody"]["content"]["multipart/form-data"];
export const form: Form = { file: "…bytes…", messaging_product: "whatsapp" };
// @ts-expect-error a file field is not an object
export const notAFile: Form = { file: { name: "x" } };

// A DELETE with a bare-object body.
type Unblock = paths["/block_users"]["delete"]["requestBody"]["content"]["application/json"];
export const unblock: Unblock = { blocking_users: [{ user: "4912345678" }] };
`;

describe("growing the spec", () => {
  test("the real Media document and vendor-style documents merge, generate, and the types compile", async () => {
    const seed = operationsOf(
      (await loadDocument(path.join(REPO_ROOT, LAYOUT.effectiveSpec))).document,
    );
    const grown = [
      ...operationsOf(
        (await loadDocument(fixturePath("vendor/get-media-attachments.json"))).document,
      ),
      ...Object.values(syntheticVendorDocuments()).flatMap(operationsOf),
    ];
    // Operations the seed has from the projection of Meta's document: the vendor's win.
    const takenOver = grown.filter((op) => seed.includes(op));
    const result = await growSpec(repo.root);
    if (takenOver.length === 0) expect(result.diff.bump).toBe("minor");
    else expect(result.diff.bump).not.toBeNull();
    expect(result.packages).toEqual([
      "@d360-messaging/types",
      "@d360-messaging/client",
      "@d360-messaging/mock-server",
    ]);
    const spec = (await loadDocument(path.join(repo.root, LAYOUT.effectiveSpec))).document;
    // The Media document's operation and every synthetic one are in the effective spec, once.
    expect(operationsOf(spec).sort()).toEqual([...new Set([...seed, ...grown])].sort());
    // Each one taken over is in the changeset's lines, as changed (`DELETE /{media_id}: ...`).
    const texts = result.diff.changes.map((c) => c.text.replace(/\{[^}]*\}/g, "{}"));
    for (const op of takenOver) expect(texts.some((t) => t.startsWith(`${op}: `))).toBe(true);
    // What spec:update wrote is what `pnpm generate` makes of the grown spec/upstream/.
    expect(await staleFiles(repo.root, await generateInMemory(repo.root))).toEqual([]);
    // Different methods on equivalent templates are allowed, and listed for the generators.
    expect(equivalentPaths(spec)).toEqual([
      {
        shape: "/{}",
        paths: [
          { path: "/{media_id}", methods: ["GET", "DELETE"] },
          { path: "/{session_id}", methods: ["POST"] },
        ],
      },
    ]);

    const types = path.join(repo.root, "packages/types/src");
    await writeFile(path.join(types, "growth-consumer.ts"), CONSUMER);
    expect(
      typecheckFiles(
        [path.join(types, "index.ts"), path.join(types, "growth-consumer.ts")],
        repo.root,
      ),
    ).toEqual([]);
  });

  test("a path and a query parameter of one name, and a second GET on /{…}: both reported at once, nothing written", async () => {
    const inputs = await growthInputs(repo.root);
    const get = (name: string, parameters: JsonObject[]): JsonObject => ({
      operationId: name,
      parameters,
      responses: { "200": { description: "OK" } },
    });
    const bad = structuredClone(syntheticVendorDocuments()["get-media-url"]) as JsonObject;
    bad.paths = {
      "/groups/{group_id}": {
        get: get("get-group", [
          { in: "path", name: "group_id", required: true, schema: { type: "string" } },
          { in: "query", name: "group_id", schema: { type: "string" } },
        ]),
      },
      "/{session_id}": {
        get: get("get-session", [
          { in: "path", name: "session_id", required: true, schema: { type: "string" } },
        ]),
      },
    };
    const file = path.join(repo.root, "growth-inputs", "bad.json");
    await writeFile(file, JSON.stringify(bad));
    const before = await snapshot(path.join(repo.root, "spec"));
    const error = await specUpdate({
      root: repo.root,
      cwd: repo.root,
      inputs: [...inputs, file],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecProblemsError);
    expect((error as SpecProblemsError).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^GET \/\{media_id\} and GET \/\{session_id\} are the same templated path/,
      ),
      expect.stringMatching(
        /^GET \/groups\/\{group_id\} \(get-group\) has a path and a query parameter both named "group_id"/,
      ),
    ]);
    expect(await snapshot(path.join(repo.root, "spec"))).toEqual(before);
  });

  test("the whole house on the grown spec: the client compiles and passes docs:check, every generated method reaches the mock", async () => {
    await growSpec(repo.root);
    const spec = (await loadDocument(path.join(repo.root, LAYOUT.effectiveSpec))).document;
    const methods = clientMethods(spec);

    // tsc --noEmit of the client's entry (hand-written and regenerated sources) and of a consumer
    // calling every generated method with its exact parameter types.
    const check = await checkConsumer(repo.root, consumerCode(methods, "../src/index.js"));
    expect(check.errors).toEqual([]);
    expect(check.instantiations).toBeGreaterThan(0);
    // docs:check on the client's entry: no public signature names an unexported type, every
    // public export is documented.
    expect(await docsCheckClient(repo.root)).toEqual([]);

    // Every generated method of the regenerated client, called with arguments valid against the
    // grown spec, reaches the mock answering from that spec and resolves; a spoiled request
    // gets the mock's 400 envelope.
    await linkClientModules(repo.root);
    const entry = path.join(repo.root, "packages/client/src/index.ts");
    const { createD360Client } = (await import(pathToFileURL(entry).href)) as {
      createD360Client: (options: object) => Record<string, Record<string, CallableFunction>>;
    };
    const mock = createMockHandler({ spec: spec as SpecDocument, apiKeys: ["growth"] });
    const client = createD360Client({ apiKey: "growth", fetch: mock, retry: 0 });
    // A method with a hand-written extension takes what the extension says (a PEM, not the
    // spec's form body); the client's own tests cover those.
    const extended = new Set((await loadExtensions(repo.root)).map((e) => e.operationId));
    // The operations the mock serves by hand (by operationId, or by method and path template);
    // reading a route's name needs no state.
    const handWritten = new Set(
      HAND_WRITTEN.flatMap((tag) => tag.routes({} as never, spec as SpecDocument)).flatMap(
        (route) => [route.operationId, `${route.method} ${route.path}`],
      ),
    );
    const generated = methods.filter((op) => !extended.has(op.operationId));
    expect(generated.length).toBeGreaterThan(0);
    const requests = specRequests(spec);
    const unbuildable: string[] = [];
    const failed: string[] = [];
    for (const op of generated) {
      const { options, body } = requests.validArguments(op, unbuildable);
      const method = client[op.namespace]?.[op.key];
      if (method === undefined) {
        failed.push(`${op.key}: no client.${op.namespace}.${op.key}`);
        continue;
      }
      const call = body === undefined ? method(options) : method(body, options);
      await call.catch((error: Error & { status?: number }) => {
        // A tag with hand-written mock behaviour answers from its state (a media id never
        // uploaded is a 404, unblocking a user never blocked a 400): the route was reached. A
        // request no route serves (the mock's 404 "Not found: …" or 405) never is.
        const byHand =
          handWritten.has(op.operationId) || handWritten.has(`${op.method} ${op.path}`);
        const reached = byHand && error.status !== 405 && !error.message.includes("Not found: ");
        if (!reached) failed.push(`${op.key}: ${error.message}`);
      });
    }
    expect(unbuildable).toEqual([]);
    expect(failed).toEqual([]);
    expect(mock.requests).toHaveLength(generated.length);
  });
});
