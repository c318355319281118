/**
 * `pnpm generate`: spec/upstream + spec/overlays → spec/openapi.json →
 * packages/types/src/generated/{schema,version}.ts and
 * packages/client/src/generated/operations.ts.
 *
 * `pnpm generate --check` renders everything in memory and exits 1 naming each
 * file whose committed content differs (the first step of `pnpm test`).
 */
import { SpecPipelineError } from "./lib/errors.js";
import { REPO_ROOT } from "./lib/layout.js";
import { generateInMemory, staleFiles, writeFiles } from "./lib/pipeline.js";

const USAGE = "usage: pnpm generate [--check]";

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(" ")}\n${USAGE}`);
    return 2;
  }
  const files = await generateInMemory(REPO_ROOT);
  if (args.includes("--check")) {
    const stale = await staleFiles(REPO_ROOT, files);
    if (stale.length > 0) {
      console.error(
        `Generated files are stale (run \`pnpm generate\` and commit the result):\n${stale.map((f) => `  ${f}`).join("\n")}`,
      );
      return 1;
    }
    console.log(`generate --check: ${files.size} generated files are up to date.`);
    return 0;
  }
  const changed = await writeFiles(REPO_ROOT, files);
  console.log(
    changed.length === 0
      ? `Generated files already up to date (${files.size} files).`
      : `Wrote:\n${changed.map((f) => `  ${f}`).join("\n")}`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Pipeline errors carry a complete message; anything else is a bug: show the stack.
    console.error(error instanceof SpecPipelineError ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  },
);
