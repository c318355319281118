import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { SpecLoadError, type SpecProblemsError, throwProblems } from "./errors.js";
import { canonicalJson, type JsonObject, sha256 } from "./json.js";
import { inRoot, LAYOUT } from "./layout.js";
import { loadDirectory, type SourceDocument } from "./load.js";
import { mergeDocuments, type SourceVersion, sourceVersions } from "./merge.js";
import { applyOverlaysCollecting } from "./overlay.js";
import { isDerivedDocument, PROJECTION_LAYOUT, projectUpstream } from "./projection-load.js";
import { notAppliedLines } from "./projection-overlays.js";
import { renderSchema, renderVersion, specVersion } from "./render.js";
import {
  type ClientExtension,
  loadExtensions,
  renderClient,
  staleClientFiles,
} from "./render-client.js";
import { renderMockSpec } from "./render-mock.js";
import { addWebhookExamples } from "./render-webhook-examples.js";
import { addWebhookTypes, readMetaSpec } from "./render-webhook-types.js";
import { type ExtensionRef, extensionProblems, specProblems } from "./spec-checks.js";

/** Generated file contents keyed by repo-relative path. */
export type GeneratedFiles = Map<string, string>;

/**
 * upstream documents → merged → overlays applied: the effective spec. Every overlay problem,
 * every problem of the checks in spec-checks.ts and every client extension whose operation is
 * gone are reported together (one run shows everything to fix): the problem itself when there
 * is one, a {@link SpecProblemsError} listing them all otherwise.
 */
export async function buildEffectiveSpec(
  upstream: readonly SourceDocument[],
  overlays: readonly SourceDocument[],
  extensions: readonly ExtensionRef[] = [],
): Promise<JsonObject> {
  if (upstream.length === 0) {
    throw new SpecLoadError(LAYOUT.upstreamDir, "no .json/.yaml/.yml OpenAPI documents found");
  }
  const { spec, problems } = await applyOverlaysCollecting(mergeDocuments(upstream), overlays);
  throwProblems([...problems, ...specProblems(spec), ...extensionProblems(spec, extensions)]);
  return spec;
}

/**
 * Every generated file for an effective spec, rendered in memory.
 *
 * @param sources the upstream documents as stored under spec/upstream/, with their versions (for the headers)
 */
export async function renderAll(
  spec: JsonObject,
  clientVersion: string,
  sources: readonly SourceVersion[],
  extensions: readonly ClientExtension[],
): Promise<GeneratedFiles> {
  const specText = canonicalJson(spec);
  const stamp = { version: specVersion(spec), sha256: sha256(specText), sources };
  // openapi-typescript gets the canonical form too, so schema.ts follows the
  // sorted order of spec/openapi.json rather than the order of the upstream files.
  const canonical = JSON.parse(specText) as JsonObject;
  return new Map([
    [LAYOUT.effectiveSpec, specText],
    [LAYOUT.typesSchema, await renderSchema(canonical, stamp)],
    [LAYOUT.typesVersion, renderVersion(stamp)],
    ...renderClient(canonical, stamp, extensions, clientVersion),
    [LAYOUT.mockSpec, renderMockSpec(canonical, stamp)],
  ]);
}

/** The client's package.json version, recorded as CLIENT_VERSION for its User-Agent. */
export async function readClientVersion(root: string): Promise<string> {
  const file = LAYOUT.clientPackageJson;
  let version: unknown;
  try {
    version = (JSON.parse(await readFile(inRoot(root, file), "utf8")) as { version?: unknown })
      .version;
  } catch (error) {
    throw new SpecLoadError(file, `cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (typeof version !== "string") throw new SpecLoadError(file, `has no "version" string`);
  return version;
}

/**
 * Reads spec/upstream and spec/overlays under `root` and renders every generated file. The
 * document derived from Meta's (spec/projection.yaml) is projected anew from the vendor's
 * documents on every run and is one of the generated files, so `--check` notices a stale one.
 */
export async function generateInMemory(root: string): Promise<GeneratedFiles> {
  return (await generateWithNotes(root)).files;
}

/** What {@link generateWithNotes} rendered, and what the run has to tell without failing. */
export interface GenerateResult {
  files: GeneratedFiles;
  /** Lines for the output: corrections of Meta's schema that no longer apply (and why). */
  notes: string[];
}

/** {@link generateInMemory}, with the notes of the projection step. */
export async function generateWithNotes(root: string): Promise<GenerateResult> {
  const [stored, overlays, clientVersion, extensions] = await Promise.all([
    loadDirectory(root, LAYOUT.upstreamDir),
    loadDirectory(root, LAYOUT.overlaysDir),
    readClientVersion(root),
    loadExtensions(root),
  ]);
  const vendor = stored.filter((document) => !isDerivedDocument(document));
  const projection = await projectUpstream(root, vendor);
  const upstream = projection ? [...vendor, projection.derived] : vendor;
  const files = await renderAll(
    await buildEffectiveSpec(upstream, overlays, extensions),
    clientVersion,
    sourceVersions(upstream),
    extensions,
  );
  const meta = await readMetaSpec(root); // read and parsed once for both
  await addWebhookTypes(root, files, meta); // Meta's webhook payload types (render-webhook-types.ts)
  addWebhookExamples(files, meta); // Meta's example payloads, for `d360 webhook send`
  if (projection) files.set(PROJECTION_LAYOUT.derived, projection.text);
  return { files, notes: projection ? notAppliedLines(projection.notApplied) : [] };
}

/** The repo-relative paths whose content on disk differs from `files` (or that are missing). */
export async function staleFiles(root: string, files: GeneratedFiles): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of files) {
    const current = await readFile(inRoot(root, file), "utf8").catch(() => undefined);
    if (current !== content) stale.push(file);
  }
  // A generated client file the spec no longer calls for (a tag that went away) is stale too.
  return [...stale, ...(await staleClientFiles(root, files))];
}

/** Writes files under `root` (creating directories); returns the paths whose content changed. */
export async function writeFiles(root: string, files: GeneratedFiles): Promise<string[]> {
  const changed = await staleFiles(root, files);
  for (const file of changed) {
    const target = inRoot(root, file);
    if (!files.has(file)) {
      await rm(target);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, files.get(file) as string);
  }
  return changed;
}
