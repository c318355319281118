import { readdir, readFile, rm } from "node:fs/promises";
import * as path from "node:path";
import { type ChangesetFile, changedPackages, renderChangeset } from "./changeset.js";
import { diffSpecs, type SpecDiff } from "./diff.js";
import { SpecLoadError, SpecPipelineError } from "./errors.js";
import { isJsonObject, type JsonObject, sha256 } from "./json.js";
import { inRoot, LAYOUT } from "./layout.js";
import {
  assertOpenApiDocument,
  isSpecFileName,
  loadDirectory,
  parseDocument,
  readText,
  type SourceDocument,
} from "./load.js";
import { sourceVersions } from "./merge.js";
import { storedName } from "./naming.js";
import {
  buildEffectiveSpec,
  type GeneratedFiles,
  readClientVersion,
  renderAll,
  staleFiles,
  writeFiles,
} from "./pipeline.js";
import { projectionChangeLines, projectionChanges } from "./projection.js";
import {
  isDerivedDocument,
  PROJECTION_LAYOUT,
  projectUpstream,
  vendorOperationsOf,
} from "./projection-load.js";
import { notAppliedLines } from "./projection-overlays.js";
import { specVersion } from "./render.js";
import { loadExtensions } from "./render-client.js";

/** Where `spec:update` reads and writes. */
export interface SpecUpdateOptions {
  /** Repository root to update (a temporary copy in tests). */
  root: string;
  /** The vendor's new OpenAPI documents (.json, .yaml, .yml), as the user named them. */
  inputs: readonly string[];
  /** Directory that relative `inputs` are resolved against. */
  cwd: string;
  /**
   * Documents already in memory (from `spec:fetch`), stored under their `name`; used instead of
   * `inputs` when given.
   */
  documents?: readonly InputDocument[];
  /**
   * Keep every stored document that no input replaces, instead of removing it (`spec:fetch`
   * when a page failed: what that page had cannot be told from an operation removed).
   * @default false
   */
  keepStored?: boolean;
}

/** One new upstream document held in memory. */
export interface InputDocument {
  /** The file name it came under; its extension says JSON or YAML (the stored name follows scripts/lib/naming.ts). */
  name: string;
  /** Where it came from, for messages (a URL and the block's position, a file). */
  source: string;
  /** The document's text as published. */
  text: string;
}

/** What `spec:update` did. */
export interface SpecUpdateResult {
  diff: SpecDiff;
  /** Repo-relative path of the changeset written, or null when the effective spec did not change. */
  changeset: string | null;
  /** The packages the changeset names (every one whose generated output changed); empty without one. */
  packages: string[];
  /** Repo-relative paths written or rewritten (upstream, generated, changeset). */
  written: string[];
  /** Repo-relative paths of upstream documents removed because no input replaced them. */
  removed: string[];
  /**
   * Corrections of Meta's schema (spec/projection-overlays/) that no longer apply because a
   * vendor document took their operation over; also in the changeset.
   */
  notes: string[];
}

interface Input extends SourceDocument {
  /** File name under spec/upstream/. */
  name: string;
  /** What to store there: JSON pretty-printed (values unchanged), YAML byte for byte. */
  stored: string;
}

/**
 * Parses one document and decides what to store and under which name (the rule of
 * scripts/lib/naming.ts, the same for files and pages): JSON pretty-printed (values unchanged),
 * YAML byte for byte.
 */
function toInput({ name, source, text }: InputDocument): Input {
  if (!isSpecFileName(name)) {
    throw new SpecLoadError(source, "expected a .json, .yaml or .yml OpenAPI document");
  }
  const document = parseDocument(text, source, name);
  assertOpenApiDocument({ source, document });
  if (isDerivedDocument({ source, document })) {
    throw new SpecLoadError(
      source,
      `is derived from Meta's document (it has "x-derived-from"), not one of the vendor's: ` +
        `\`pnpm generate\` and \`spec:update\` write it from ${PROJECTION_LAYOUT.table}. ` +
        "Pass only the vendor's documents.",
    );
  }
  const json = name.toLowerCase().endsWith(".json");
  const stored = json ? `${JSON.stringify(document, null, 2)}\n` : text;
  return { source, document, name: storedName(document, json ? "json" : "yaml"), stored };
}

/** Refuses two documents that would be stored under the same name; sorts by that name. */
function checkNames(inputs: Input[]): Input[] {
  const byName = new Map<string, string>();
  for (const input of inputs) {
    const clash = byName.get(input.name);
    if (clash !== undefined) {
      throw new SpecLoadError(
        input.source,
        `would be stored as ${input.name}, as ${clash} would: each upstream document is stored under its operationId in ${LAYOUT.upstreamDir}/ (scripts/lib/naming.ts), so two documents of one operation cannot both be kept`,
      );
    }
    byName.set(input.name, input.source);
  }
  // Sorted by stored name: the order `pnpm generate` reads spec/upstream/ in.
  return inputs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function readInputs(inputs: readonly string[], cwd: string): Promise<Input[]> {
  if (inputs.length === 0) {
    throw new SpecPipelineError(
      "no input files. Usage: pnpm spec:update <vendor-openapi.json|yaml> [more files...]",
    );
  }
  const read = inputs.map(async (input): Promise<Input> => {
    const name = path.basename(input);
    if (!isSpecFileName(name)) {
      throw new SpecLoadError(input, "expected a .json, .yaml or .yml OpenAPI document");
    }
    return toInput({ name, source: input, text: await readText(path.resolve(cwd, input), input) });
  });
  return checkNames(await Promise.all(read));
}

/** The derived document as committed, or undefined before the first projection. */
async function readDerivedDocument(root: string): Promise<JsonObject | undefined> {
  const text = await readFile(inRoot(root, PROJECTION_LAYOUT.derived), "utf8").catch(
    () => undefined,
  );
  return text === undefined ? undefined : parseDocument(text, PROJECTION_LAYOUT.derived);
}

async function readCommittedSpec(root: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(inRoot(root, LAYOUT.effectiveSpec), "utf8");
  } catch {
    // No effective spec yet: everything in the new one counts as added.
    return {};
  }
  const spec = parseDocument(text, LAYOUT.effectiveSpec);
  return isJsonObject(spec) ? spec : {};
}

/**
 * `pnpm spec:update`: replaces spec/upstream/ with `inputs`, re-applies the
 * overlays, regenerates, and writes a changeset whose bump follows from
 * comparing the old and new effective specs. Everything is computed in memory
 * first; if any step fails (unreadable input, merge conflict, overlay target
 * that matches nothing, ...) it throws and nothing is written.
 */
export async function specUpdate(options: SpecUpdateOptions): Promise<SpecUpdateResult> {
  const { root } = options;
  const inputs: Input[] = options.documents
    ? checkNames(options.documents.map(toInput))
    : await readInputs(options.inputs, options.cwd);
  if (options.keepStored) {
    const given = new Set(inputs.map((input) => input.name));
    for (const kept of await loadDirectory(root, LAYOUT.upstreamDir)) {
      const name = path.basename(kept.source);
      // The derived document is projected anew below, never kept as a vendor document.
      if (given.has(name) || isDerivedDocument(kept)) continue;
      const stored = await readFile(inRoot(root, kept.source), "utf8");
      inputs.push({ ...kept, name, stored });
    }
    checkNames(inputs);
  }
  const [overlays, clientVersion, before, extensions] = await Promise.all([
    loadDirectory(root, LAYOUT.overlaysDir),
    readClientVersion(root),
    readCommittedSpec(root),
    loadExtensions(root),
  ]);
  // Meta's operations that no vendor document defines yet (spec/projection.yaml).
  const projection = await projectUpstream(root, inputs);
  const withDerived = <T>(documents: T[]) =>
    projection ? [...documents, projection.derived] : documents;
  const after = await buildEffectiveSpec(withDerived([...inputs]), overlays, extensions);
  // Headers name each document where it will be stored, not where the user had it.
  const stored = withDerived(
    inputs.map((input) => ({
      ...input,
      source: `${LAYOUT.upstreamDir}/${input.name}`,
    })),
  );
  const generated = await renderAll(after, clientVersion, sourceVersions(stored), extensions);

  const diff = diffSpecs(before, after);
  const effectiveText = generated.get(LAYOUT.effectiveSpec) ?? "";
  const beforeVersion = isJsonObject(before.info) ? before.info.version : undefined;
  // Every published package whose generated output changes is named in the changeset.
  const packages = changedPackages(await staleFiles(root, generated));
  let changeset: ChangesetFile | null = renderChangeset(
    diff,
    {
      before: typeof beforeVersion === "string" ? beforeVersion : undefined,
      after: specVersion(after),
    },
    sha256(effectiveText),
    packages,
  );

  // An operation a vendor page now defines leaves the projection: the changeset says so, and
  // names each correction of Meta's schema left with nothing to correct.
  const notes = projection ? notAppliedLines(projection.notApplied) : [];
  if (projection && changeset) {
    const lines = projectionChangeLines(
      projectionChanges(
        await readDerivedDocument(root),
        projection.derived.document,
        vendorOperationsOf(inputs),
      ),
      projection.metaSource,
    );
    lines.push(...notes);
    if (lines.length > 0) {
      changeset = {
        ...changeset,
        content: `${changeset.content.trimEnd()}\n\n${lines.map((l) => `- ${l}`).join("\n")}\n`,
      };
    }
  }

  const files: GeneratedFiles = new Map();
  for (const input of inputs) files.set(`${LAYOUT.upstreamDir}/${input.name}`, input.stored);
  for (const [file, content] of generated) files.set(file, content);
  if (projection) files.set(PROJECTION_LAYOUT.derived, projection.text);
  const changesetPath = changeset ? `${LAYOUT.changesetDir}/${changeset.name}` : null;
  if (changeset && changesetPath) files.set(changesetPath, changeset.content);

  const keep = new Set(inputs.map((input) => input.name));
  if (projection) keep.add(path.basename(PROJECTION_LAYOUT.derived));
  const existing = await readdir(inRoot(root, LAYOUT.upstreamDir)).catch(() => []);
  const removed = existing
    .filter((name) => isSpecFileName(name) && !keep.has(name))
    .map((name) => `${LAYOUT.upstreamDir}/${name}`);

  // Everything above succeeded: now touch the file system.
  const written = await writeFiles(root, files);
  for (const file of removed) await rm(inRoot(root, file));
  return {
    diff,
    changeset: changesetPath,
    packages: changeset ? packages : [],
    written,
    removed,
    notes,
  };
}
