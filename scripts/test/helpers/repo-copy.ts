import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LAYOUT, REPO_ROOT } from "../../lib/layout.js";
import { loadDirectory } from "../../lib/load.js";
import { isDerivedDocument } from "../../lib/projection-load.js";
import { WEBHOOK_EXAMPLES } from "../../lib/render-webhook-examples.js";

/**
 * What the pipeline reads and writes (the types' and client's sources whole: the client's
 * extensions are read, and type-checks run on the copy): copied so tests never touch the
 * working tree.
 */
const COPIED = [
  "spec",
  LAYOUT.clientPackageJson,
  "packages/types/src",
  "packages/client/src",
  LAYOUT.mockSpec,
  // The CLI's bundled webhook examples, generated from spec/meta.
  WEBHOOK_EXAMPLES,
];

/** A temporary copy of the repository's spec pipeline files; `dispose()` deletes it. */
export async function copyRepo(): Promise<{ root: string; dispose: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "d360-spec-"));
  for (const relative of COPIED) {
    await cp(path.join(REPO_ROOT, relative), path.join(root, relative), { recursive: true });
  }
  await mkdir(path.join(root, LAYOUT.changesetDir), { recursive: true });
  return { root, dispose: () => rm(root, { recursive: true, force: true }) };
}

/** Every file under `root` with its content, for "nothing was written" assertions. */
export async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else
        files.set(
          path.relative(root, full).split(path.sep).join("/"),
          await readFile(full, "utf8"),
        );
    }
  };
  await walk(root);
  return files;
}

/** Collects what a command prints. */
export function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    output: { log: (m: string) => out.push(m), error: (m: string) => err.push(m) },
  };
}

/** Absolute path of a fixture under scripts/test/fixtures/. */
export function fixturePath(relative: string): string {
  return path.join(import.meta.dirname, "..", "fixtures", relative);
}

/**
 * The names under spec/upstream/ of `root`, split into the vendor's documents and those the
 * projection derives (`x-derived-from`): tests derive their expectations from what is there.
 */
export async function upstreamNamesByKind(
  root: string = REPO_ROOT,
): Promise<{ vendor: string[]; derived: string[] }> {
  const documents = await loadDirectory(root, LAYOUT.upstreamDir);
  const names = (derived: boolean) =>
    documents
      .filter((d) => isDerivedDocument(d) === derived)
      .map((d) => path.basename(d.source))
      .sort();
  return { vendor: names(false), derived: names(true) };
}
