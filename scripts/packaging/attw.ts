import * as path from "node:path";
import { toolPath } from "@d360-messaging/node-lines";
import { describeFailure, run } from "./run.js";

/**
 * The ESM-only profile skips two resolution modes on purpose: `node10` (it has
 * no `exports` support at all) and `node16-cjs`, where attw's bundled TypeScript
 * predates `require()` of ESM and would flag every ESM-only package. Node ≥ 20.19
 * requires ESM fine; the smoke test's CommonJS step checks that at runtime.
 */
const IGNORED_RESOLUTIONS = new Set(["node10", "node16-cjs"]);

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
  fileName?: string;
  typesFileName?: string;
  implementationFileName?: string;
}

interface AttwJson {
  analysis: { types: unknown; problems?: AttwProblem[]; entrypoints?: Record<string, unknown> };
}

// attw is a test-only tool: it lives in tools/runtimes (installed by `pnpm runtimes`, which
// `pnpm test` runs first) so that `pnpm install` stays light; its bundled TypeScript alone is 22 MB.
const attwBin = toolPath("@arethetypeswrong/cli", "dist/index.js");

/** Are the Types Wrong? on the tarball: can TypeScript resolve every entry's types the way Node and bundlers resolve its code. */
export async function checkWithAttw(tarball: string): Promise<string[]> {
  const args = [attwBin, tarball, "--format", "json", "--profile", "esm-only"];
  const result = await run(process.execPath, args, {
    cwd: path.dirname(tarball),
    timeoutMs: 300_000,
  });
  let report: AttwJson;
  try {
    report = JSON.parse(result.stdout) as AttwJson;
  } catch {
    return [`attw did not produce a report: ${describeFailure("attw", args.slice(1), result)}`];
  }
  const { analysis } = report;
  // attw exits 0 for a package with no types at all; that is a failure here.
  if (!analysis.types) return ["attw: the package ships no TypeScript types"];
  const problems = (analysis.problems ?? [])
    .filter(
      (problem) => !(problem.resolutionKind && IGNORED_RESOLUTIONS.has(problem.resolutionKind)),
    )
    .map((problem) => {
      // attw reports files inside a virtual node_modules; the package-relative path reads better.
      const file = (name?: string) => name?.replace(/^\/node_modules\/(@[^/]+\/)?[^/]+\//, "");
      const where = [
        problem.entrypoint && `entry "${problem.entrypoint}"`,
        problem.resolutionKind && `under ${problem.resolutionKind}`,
        problem.fileName && `in ${file(problem.fileName)}`,
        problem.typesFileName && `types ${file(problem.typesFileName)}`,
        problem.implementationFileName && `for ${file(problem.implementationFileName)}`,
      ]
        .filter(Boolean)
        .join(" ");
      return `attw ${problem.kind} ${where} (https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${problem.kind}.md)`;
    });
  if (problems.length === 0 && result.code !== 0) {
    problems.push(`attw failed: ${describeFailure("attw", args.slice(1), result)}`);
  }
  return problems;
}
