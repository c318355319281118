/**
 * `pnpm spec:pr-body <before-openapi.json> [after-openapi.json]`: prints the Markdown body of
 * the spec-update pull request (operations added, changed, removed; the bump per package) for
 * the effective spec before the update and after it (default: spec/openapi.json). The weekly
 * workflow saves the committed spec/openapi.json before `pnpm spec:fetch` and runs this after.
 */
import * as path from "node:path";
import { type Output, pipelineExitCode, runIfMain } from "./lib/command.js";
import { inRoot, LAYOUT, REPO_ROOT } from "./lib/layout.js";
import { loadDirectory, loadDocument } from "./lib/load.js";
import { renderPullRequestBody, summarizeSpecUpdate } from "./lib/pr-body.js";
import { isDerivedDocument, projectUpstream } from "./lib/projection-load.js";
import { notAppliedLines } from "./lib/projection-overlays.js";

const USAGE = "usage: pnpm spec:pr-body <before-openapi.json> [after-openapi.json]";

const load = async (file: string) => (await loadDocument(file)).document;

/** Runs the command; resolves to the process exit code. */
export async function runSpecPrBody(
  args: readonly string[],
  { root = REPO_ROOT, cwd = process.cwd(), output = console as Output } = {},
): Promise<number> {
  if (args.length < 1 || args.length > 2 || args.some((a) => a.startsWith("-"))) {
    output.error(USAGE);
    return 2;
  }
  const [beforeFile = "", afterFile] = args;
  return pipelineExitCode(async () => {
    const before = await load(path.resolve(cwd, beforeFile));
    const after = await load(
      afterFile ? path.resolve(cwd, afterFile) : inRoot(root, LAYOUT.effectiveSpec),
    );
    // The notes of the projection step, from spec/upstream/ as spec:fetch left it.
    const vendor = (await loadDirectory(root, LAYOUT.upstreamDir)).filter(
      (document) => !isDerivedDocument(document),
    );
    const projection = await projectUpstream(root, vendor);
    const notes = projection ? notAppliedLines(projection.notApplied) : [];
    output.log(renderPullRequestBody({ ...summarizeSpecUpdate(before, after), notes }));
  }, output);
}

runIfMain(import.meta.url, runSpecPrBody);
