/**
 * `pnpm spec:fetch <url|file...>`: the vendor changed its API reference pages.
 * Reads each page in its Markdown form (an http(s) URL or a saved file),
 * extracts every embedded OpenAPI document (scripts/lib/pages.ts) and hands
 * the set to `spec:update`, which replaces spec/upstream/, regenerates and
 * writes the changeset. Give every page of the API: a document no page has
 * any more is an operation removed. Nothing is written unless every step succeeds.
 */
import { pipelineExitCode, runIfMain } from "./lib/command.js";
import { REPO_ROOT } from "./lib/layout.js";
import { documentsFromPages } from "./lib/pages.js";
import { specUpdate } from "./lib/spec-update.js";
import { type Output, reportSpecUpdate } from "./spec-update.js";

const USAGE = "usage: pnpm spec:fetch <page-url.md|page-file.md> [more pages...]";

/** Runs the command; resolves to the process exit code. */
export async function runSpecFetch(
  args: readonly string[],
  { root = REPO_ROOT, cwd = process.cwd(), output = console as Output } = {},
): Promise<number> {
  if (args.length === 0 || args.some((arg) => arg.startsWith("-"))) {
    output.error(USAGE);
    return 2;
  }
  return pipelineExitCode(async () => {
    const documents = await documentsFromPages(args, cwd);
    output.log(
      `Extracted ${documents.length} OpenAPI document${documents.length === 1 ? "" : "s"}:\n${documents
        .map((d) => `  ${d.name} ← ${d.source}`)
        .join("\n")}`,
    );
    reportSpecUpdate(await specUpdate({ root, inputs: [], cwd, documents }), output);
  }, output);
}

runIfMain(import.meta.url, runSpecFetch);
