/**
 * `pnpm check:packages`: checks every publishable package as the tarball npm
 * would receive, after `turbo run build`. For each package: `pnpm pack` into a
 * temporary folder outside the workspace, then the manifest contract, imports
 * against declared dependencies, publint and Are the Types Wrong (ESM-only).
 * Then a consumer smoke test installs only the tarballs in a fresh project.
 * Fails on any problem. See CONTRIBUTING.md ("Package checks").
 *
 *   pnpm check:packages                  all packages (what `pnpm test` runs)
 *   pnpm check:packages --only client    client plus the internal packages it depends on
 *   pnpm check:packages --keep           keep the temporary folder to poke at
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkWithAttw } from "./packaging/attw.js";
import { checkImports } from "./packaging/imports.js";
import { checkManifest } from "./packaging/manifest.js";
import { type PackedPackage, packPackage } from "./packaging/pack.js";
import { checkWithPublint } from "./packaging/publint.js";
import { indent, pool } from "./packaging/run.js";
import { type StepResult, smokeTest } from "./packaging/smoke.js";
import {
  publishablePackages,
  selectWithInternalDependencies,
  type WorkspacePackage,
} from "./packaging/workspace.js";

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    keep: { type: "boolean", default: false },
  },
});

const started = performance.now();
const all = publishablePackages();
const only = (values.only ?? []).flatMap((value) => value.split(",")).filter(Boolean);
const selected = only.length > 0 ? selectWithInternalDependencies(all, only) : all;
const workDir = mkdtempSync(path.join(os.tmpdir(), "d360-check-packages-"));
const tarballDir = path.join(workDir, "tarballs");

/** Exports targets that are not on disk: the package was not built, or its src/ is still empty. */
function unbuiltTargets(pkg: WorkspacePackage): string[] {
  const targets = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === "string") targets.add(value);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  collect(pkg.manifest.exports);
  return [...targets].filter((target) => !existsSync(path.join(pkg.dir, target)));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

let failed = false;
try {
  console.log(`check:packages: ${selected.map((p) => p.short).join(", ")} (work dir ${workDir})`);

  // Pack one at a time: pnpm pack is quick, and parallel packs would just contend for the disk.
  const packed: PackedPackage[] = [];
  const packProblems = new Map<string, string[]>();
  for (const pkg of selected) {
    const missing = unbuiltTargets(pkg);
    if (missing.length > 0) {
      packProblems.set(pkg.name, [
        `${missing.join(", ")} not found in packages/${pkg.short}: its src/ is empty or it was not built (run \`pnpm build\`)`,
      ]);
    }
    try {
      packed.push(await packPackage(pkg, tarballDir));
    } catch (error) {
      packProblems.set(pkg.name, [...(packProblems.get(pkg.name) ?? []), (error as Error).message]);
    }
  }

  // The consumer's npm install is mostly network and disk, so it runs beside the
  // CPU-bound publint/attw work; two at a time for those, matching two cores.
  const smokeDir = path.join(workDir, "consumer");
  const [perPackage, smoke] = await Promise.all([
    pool(packed, 2, async (pkg) => {
      const t0 = performance.now();
      const [publint, attw] = [
        await checkWithPublint(pkg.tarball),
        await checkWithAttw(pkg.tarball),
      ];
      return {
        pkg,
        problems: [...checkManifest(pkg), ...checkImports(pkg), ...publint, ...attw],
        ms: performance.now() - t0,
      };
    }),
    smokeTest({ dir: smokeDir, packed, requireAll: only.length === 0 }),
  ]);

  console.log("\nPackages (manifest, imports, publint, attw --profile esm-only):");
  for (const pkg of selected) {
    const result = perPackage.find((r) => r.pkg.source === pkg);
    const problems = [...(packProblems.get(pkg.name) ?? []), ...(result?.problems ?? [])];
    const files = result ? `${result.pkg.files.size} files` : "not packed";
    const time = result ? `, ${seconds(result.ms)}` : "";
    console.log(`  ${problems.length === 0 ? "ok  " : "FAIL"} ${pkg.name} (${files}${time})`);
    for (const problem of problems) console.log(indent(`- ${problem}`, "         "));
    if (problems.length > 0) failed = true;
  }

  console.log("\nConsumer smoke test (a fresh npm project with only the tarballs):");
  for (const result of smoke as StepResult[]) {
    const status = result.skipped ? "skip" : result.problems.length === 0 ? "ok  " : "FAIL";
    const detail = result.skipped ? ` (${result.skipped})` : ` (${seconds(result.ms)})`;
    console.log(`  ${status} ${result.step}${detail}`);
    for (const problem of result.problems) console.log(indent(`- ${problem}`, "         "));
    if (result.problems.length > 0) failed = true;
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  if (values.keep) console.log(`\nKept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}

console.log(
  `\ncheck:packages ${failed ? "FAILED" : "passed"} in ${seconds(performance.now() - started)}`,
);
process.exitCode = failed ? 1 : 0;
