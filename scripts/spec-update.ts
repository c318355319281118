/**
 * `pnpm spec:update <file...>`: the vendor published a new spec. Replaces
 * spec/upstream/ with the given OpenAPI documents (JSON or YAML), projects Meta's
 * document anew beside them (spec/projection.yaml), re-applies spec/overlays/, regenerates, and writes a changeset for
 * @d360-messaging/types and @d360-messaging/client whose bump follows from the
 * difference between the old and new effective specs (scripts/lib/diff.ts).
 * Nothing is written unless every step succeeds.
 */
import { type Output, pipelineExitCode, runIfMain } from "./lib/command.js";
import { REPO_ROOT } from "./lib/layout.js";
import { type SpecUpdateResult, specUpdate } from "./lib/spec-update.js";

export type { Output };

/** Prints what `spec:update` wrote and the changes it classified (shared with `spec:fetch`). */
export function reportSpecUpdate(result: SpecUpdateResult, output: Output): void {
  const list = (files: string[]) => files.map((f) => `  ${f}`).join("\n");
  if (result.written.length > 0) output.log(`Wrote:\n${list(result.written)}`);
  if (result.removed.length > 0) output.log(`Removed:\n${list(result.removed)}`);
  for (const note of result.notes) output.log(note);
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
  return pipelineExitCode(
    async () => reportSpecUpdate(await specUpdate({ root, inputs: args, cwd }), output),
    output,
  );
}

runIfMain(import.meta.url, runSpecUpdate);
