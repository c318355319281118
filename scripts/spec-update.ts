/**
 * `pnpm spec:update <file...>`: the vendor published a new spec. Replaces
 * spec/upstream/ with the given OpenAPI documents (JSON or YAML), re-applies
 * spec/overlays/, regenerates, and writes a changeset for
 * @d360-messaging/types and @d360-messaging/client whose bump follows from the
 * difference between the old and new effective specs (scripts/lib/diff.ts).
 * Nothing is written unless every step succeeds.
 */
import { pathToFileURL } from "node:url";
import { SpecPipelineError } from "./lib/errors.js";
import { REPO_ROOT } from "./lib/layout.js";
import { type SpecUpdateResult, specUpdate } from "./lib/spec-update.js";

/** Console-like output, injectable for tests. */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** Prints what `spec:update` wrote and the changes it classified (shared with `spec:fetch`). */
export function reportSpecUpdate(result: SpecUpdateResult, output: Output): void {
  const list = (files: string[]) => files.map((f) => `  ${f}`).join("\n");
  if (result.written.length > 0) output.log(`Wrote:\n${list(result.written)}`);
  if (result.removed.length > 0) output.log(`Removed:\n${list(result.removed)}`);
  if (result.changeset === null) {
    output.log("The effective spec did not change: no changeset written.");
  } else {
    output.log(
      `Changes (${result.diff.bump}):\n${result.diff.changes.map((c) => `  - ${c.bump}: ${c.text}`).join("\n")}`,
    );
    output.log(
      `Changeset: ${result.changeset}\nReview the diff of spec/ and the generated files, run \`pnpm test\`, then commit.`,
    );
  }
}

/** Runs the command; resolves to the process exit code. */
export async function runSpecUpdate(
  args: readonly string[],
  { root = REPO_ROOT, cwd = process.cwd(), output = console as Output } = {},
): Promise<number> {
  try {
    reportSpecUpdate(await specUpdate({ root, inputs: args, cwd }), output);
    return 0;
  } catch (error) {
    if (!(error instanceof SpecPipelineError)) throw error;
    output.error(`${error.name}: ${error.message}\nNothing was written.`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
  runSpecUpdate(process.argv.slice(2), { cwd: process.env.INIT_CWD ?? process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
