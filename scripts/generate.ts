/**
 * `pnpm generate`: spec/upstream + spec/overlays → spec/openapi.json →
 * packages/types/src/generated/{schema,version}.ts and
 * packages/client/src/generated/operations.ts.
 *
 * `pnpm generate --check` renders everything in memory and exits 1 naming each
 * file whose committed content differs (the first step of `pnpm test`).
 */
import { pathToFileURL } from "node:url";
import { SpecPipelineError } from "./lib/errors.js";
import { REPO_ROOT } from "./lib/layout.js";
import { generateWithNotes, staleFiles, writeFiles } from "./lib/pipeline.js";

const USAGE = "usage: pnpm generate [--check]";

/** Console-like output, injectable for tests. */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** Runs the command on the repository at `root`; resolves to the process exit code. */
export async function runGenerate(
  args: readonly string[],
  { root = REPO_ROOT, output = console as Output } = {},
): Promise<number> {
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    output.error(`Unknown argument ${unknown.join(" ")}\n${USAGE}`);
    return 2;
  }
  const list = (files: string[]) => files.map((f) => `  ${f}`).join("\n");
  try {
    const { files, notes } = await generateWithNotes(root);
    // Not failures: a vendor page took over an operation whose Meta schema an overlay corrected.
    for (const note of notes) output.log(note);
    if (args.includes("--check")) {
      const stale = await staleFiles(root, files);
      if (stale.length > 0) {
        output.error(
          `Generated files are stale (run \`pnpm generate\` and commit the result):\n${list(stale)}`,
        );
        return 1;
      }
      output.log(`generate --check: ${files.size} generated files are up to date.`);
      return 0;
    }
    const changed = await writeFiles(root, files);
    output.log(
      changed.length === 0
        ? `Generated files already up to date (${files.size} files).`
        : `Wrote:\n${list(changed)}`,
    );
    return 0;
  } catch (error) {
    // Pipeline errors carry a complete message; anything else is a bug and keeps its stack.
    if (!(error instanceof SpecPipelineError)) throw error;
    output.error(`${error.name}: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runGenerate(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
