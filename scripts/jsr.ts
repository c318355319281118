/**
 * JSR: the packages Deno users import (`jsr:@d360-messaging/<name>`), published from their
 * TypeScript sources. The root deno.json lists them as one Deno workspace, so their imports of
 * each other resolve to the workspace and are published as `jsr:` ranges.
 *
 *   tsx scripts/jsr.ts --check     jsr.json matches package.json; `deno publish --dry-run` passes
 *                                  (JSR's checks: no slow types, resolvable imports). In `pnpm test`.
 *   tsx scripts/jsr.ts --sync      copy each package.json version into its jsr.json
 *                                  (after `changeset version`, in `pnpm version-packages`)
 *   tsx scripts/jsr.ts --publish   publish every package to JSR (release workflow, after npm;
 *                                  OIDC from GitHub Actions, no token). JSR keeps versions
 *                                  immutable: a version already there is skipped.
 *
 * `--sloppy-imports`: the sources import `./file.js` (what tsc's NodeNext wants); Deno resolves
 * that to `./file.ts` and rewrites the specifier in the files it publishes.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runtimeBin } from "@d360-messaging/node-lines";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Manifest {
  name: string;
  version: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** The workspace members of deno.json: the packages published to JSR. */
export function jsrPackages(): string[] {
  return readJson<{ workspace: string[] }>(path.join(root, "deno.json")).workspace.map((dir) =>
    path.join(root, dir),
  );
}

/** What differs between a package's package.json and jsr.json (name, version). */
export function mismatches(pkg: Manifest, jsr: Manifest): string[] {
  const problems: string[] = [];
  if (jsr.name !== pkg.name) problems.push(`jsr.json name ${jsr.name}, package.json ${pkg.name}`);
  if (jsr.version !== pkg.version)
    problems.push(
      `jsr.json version ${jsr.version}, package.json ${pkg.version} (run \`tsx scripts/jsr.ts --sync\`)`,
    );
  return problems;
}

function runDeno(args: string[]): number {
  // Deno comes from tools/runtimes (`pnpm runtimes`, which `pnpm test` runs first).
  const result = spawnSync(runtimeBin("deno"), args, {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      sync: { type: "boolean", default: false },
      publish: { type: "boolean", default: false },
    },
  });
  const packages = jsrPackages();
  if (values.sync) {
    for (const dir of packages) {
      const pkg = readJson<Manifest>(path.join(dir, "package.json"));
      const jsrFile = path.join(dir, "jsr.json");
      const jsr = readJson<Manifest & Record<string, unknown>>(jsrFile);
      if (jsr.version !== pkg.version) {
        writeFileSync(jsrFile, `${JSON.stringify({ ...jsr, version: pkg.version }, null, 2)}\n`);
        console.log(`jsr.json: ${pkg.name} ${jsr.version} -> ${pkg.version}`);
      }
    }
    return 0;
  }
  if (values.check) {
    const problems = packages.flatMap((dir) =>
      mismatches(
        readJson<Manifest>(path.join(dir, "package.json")),
        readJson<Manifest>(path.join(dir, "jsr.json")),
      ).map((problem) => `${path.relative(root, dir)}: ${problem}`),
    );
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) return 1;
    return runDeno(["publish", "--dry-run", "--allow-dirty", "--sloppy-imports"]);
  }
  if (values.publish) return runDeno(["publish", "--sloppy-imports"]);
  console.error("usage: tsx scripts/jsr.ts --check | --sync | --publish");
  return 2;
}

process.exitCode = main();
