/**
 * `pnpm spec:fetch <url|file...>`: the vendor changed its API reference pages.
 * Reads each page in its Markdown form (an http(s) URL or a saved file),
 * extracts every embedded OpenAPI document (scripts/lib/pages.ts) and hands
 * the set to `spec:update`, which replaces spec/upstream/, regenerates and
 * writes the changeset. Give every page of the API: a document no page has
 * any more is an operation removed.
 *
 * A page that fails (unreachable, no document, a broken or cut-off one) fails
 * alone: every failed page is reported with its reason, the others are stored,
 * and the documents in spec/upstream/ that no page gave are kept as they were
 * (what a failed page had cannot be told from an operation removed). The exit
 * code is then 1. Nothing is written when every page failed or a later step
 * (merge, overlays, generation) fails.
 */
import { pipelineExitCode, runIfMain } from "./lib/command.js";
import { REPO_ROOT } from "./lib/layout.js";
import { readPages } from "./lib/pages.js";
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
  let failed = 0;
  const code = await pipelineExitCode(async () => {
    const { documents, failures } = await readPages(args, cwd);
    failed = failures.length;
    if (failures.length > 0) {
      output.error(
        `${failures.length} of ${args.length} page${args.length === 1 ? "" : "s"} failed:\n${failures
          .map(({ error }) => `  - ${error.name}: ${error.message.replaceAll("\n", "\n    ")}`)
          .join("\n")}`,
      );
    }
    if (documents.length === 0) {
      output.error("No page could be read: nothing was written.");
      return;
    }
    output.log(
      `Extracted ${documents.length} OpenAPI document${documents.length === 1 ? "" : "s"}:\n${documents
        .map((d) => `  ${d.name} ← ${d.source}`)
        .join("\n")}`,
    );
    if (failures.length > 0) {
      output.error(
        "The documents in spec/upstream/ that no page gave are kept as they were (a failed page's operations are not removed).",
      );
    }
    reportSpecUpdate(
      await specUpdate({ root, inputs: [], cwd, documents, keepStored: failures.length > 0 }),
      output,
    );
  }, output);
  return code === 0 && failed > 0 ? 1 : code;
}

runIfMain(import.meta.url, runSpecFetch);
