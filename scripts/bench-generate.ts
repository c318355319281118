/**
 * `pnpm bench` (its codegen part): times `pnpm generate` on Meta's complete WhatsApp Business
 * Messaging API document (spec/meta/business-messaging-api_v23.0.yaml: 113 operations, 370
 * schemas) run through the pipeline in a scratch workspace, and prints the time. Target:
 * under 15 s (issue 19). (scripts/bench-consumer.ts then measures a consumer's type-check of
 * the client generated from it.) The repository's own spec is not touched: bringing Meta's operations
 * into it is the projection's job.
 *
 * Meta's document as published does not pass the pipeline's checks, so the scratch copy gets
 * the least change that lets every operation through, the way an overlay would:
 * - equivalent templated paths with a shared method (`GET /{Version}/{Flow-ID}` beside
 *   `GET /{Version}/{WABA-ID}`, which OpenAPI forbids) get a literal segment named after
 *   their last parameter (`/{Version}/flow-id/{Flow-ID}`), the first of each group unchanged;
 * - an operation without an operationId gets one from its method and path, and one without
 *   tags the tag "Untagged" (the client groups its methods by tag);
 * - a GET with a request body (`GET /{Version}/{Flow-ID}/assets`, an optional empty multipart
 *   body) loses it: fetch cannot send a body with GET (spec-checks.ts, safeMethodBodyProblems).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { isJsonObject, type JsonObject } from "./lib/json.js";
import { inRoot, LAYOUT, REPO_ROOT } from "./lib/layout.js";
import { parseDocument } from "./lib/load.js";
import { eachOperation } from "./lib/operations.js";
import { generateInMemory } from "./lib/pipeline.js";
import { META_OVERLAYS, META_SPEC } from "./lib/render-webhook-types.js";
import { equivalentPaths } from "./lib/spec-checks.js";

/** Meta's document with the changes above (the input is not modified). */
export function prepareMetaDocument(source: JsonObject): JsonObject {
  const document = structuredClone(source);
  const paths = isJsonObject(document.paths) ? document.paths : {};
  for (const group of equivalentPaths(document)) {
    for (const { path: templated } of group.paths.slice(1)) {
      const last = /\{([^}]+)\}(?!.*\{)/.exec(templated)?.[1] ?? "item";
      const literal = last.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      const renamed = templated.replace(/\/\{([^}]+)\}(?!.*\{)/, `/${literal}/{$1}`);
      paths[renamed] = paths[templated] ?? {};
      delete paths[templated];
    }
  }
  for (const { path: route, method, operation } of eachOperation(document, "document")) {
    if (typeof operation.operationId !== "string") {
      operation.operationId = `${method}-${route.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
    }
    if (!Array.isArray(operation.tags) || operation.tags.length === 0) {
      operation.tags = ["Untagged"];
    }
    if ((method === "get" || method === "head") && operation.requestBody !== undefined) {
      delete operation.requestBody;
    }
  }
  return document;
}

/** Counts of a document's operations and component schemas. */
function size(document: JsonObject): { operations: number; schemas: number } {
  const operations = [...eachOperation(document)].length;
  const components = isJsonObject(document.components) ? document.components : {};
  const schemas = isJsonObject(components.schemas) ? Object.keys(components.schemas).length : 0;
  return { operations, schemas };
}

/**
 * A scratch workspace holding Meta's (prepared) document as its only upstream document, no
 * overlays, and the other files generation reads (the client's package.json, spec/meta/ and
 * spec/meta-overlays/ for the webhook types); `dispose()` deletes it.
 */
export async function metaWorkspace(): Promise<{ root: string; dispose: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "d360-bench-meta-"));
  const text = await readFile(inRoot(REPO_ROOT, META_SPEC), "utf8");
  const document = prepareMetaDocument(parseDocument(text, META_SPEC));
  await mkdir(inRoot(root, LAYOUT.upstreamDir), { recursive: true });
  await mkdir(inRoot(root, LAYOUT.overlaysDir), { recursive: true });
  await writeFile(inRoot(root, `${LAYOUT.upstreamDir}/meta.json`), JSON.stringify(document));
  await mkdir(path.dirname(inRoot(root, LAYOUT.clientPackageJson)), { recursive: true });
  await cp(inRoot(REPO_ROOT, LAYOUT.clientPackageJson), inRoot(root, LAYOUT.clientPackageJson));
  // Generation also renders the webhook payload types from Meta's document as stored, with
  // their corrections (scripts/lib/render-webhook-types.ts).
  for (const dir of [path.dirname(META_SPEC), META_OVERLAYS]) {
    await cp(inRoot(REPO_ROOT, dir), inRoot(root, dir), { recursive: true });
  }
  return { root, dispose: () => rm(root, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const workspace = await metaWorkspace();
  try {
    const upstream = parseDocument(
      await readFile(inRoot(workspace.root, `${LAYOUT.upstreamDir}/meta.json`), "utf8"),
      "meta.json",
    );
    const { operations, schemas } = size(upstream);
    const started = performance.now();
    const files = await generateInMemory(workspace.root);
    const seconds = (performance.now() - started) / 1000;
    const bytes = [...files.values()].reduce((n, text) => n + Buffer.byteLength(text), 0);
    console.log(
      `generate on Meta's document (${META_SPEC}: ${operations} operations, ${schemas} schemas): ` +
        `${seconds.toFixed(2)} s for ${files.size} files (${(bytes / 1024).toFixed(0)} KiB); target under 15 s`,
    );
  } finally {
    await workspace.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
