// The shared part of the packages' runtime suites (packages/*/test/runtimes.test.ts): bundle a
// package's portable checks (test/portable/cli.ts, and worker.ts for workerd) against its BUILT
// dist, run the bundle on a runtime, and read the `<PREFIX>_CHECKS <json>` line it prints. Every
// way a run can go wrong (a non-zero exit, a signal, no checks line, a line that is not a list of
// checks, a deprecation on stderr) is a `PortableRunError` whose message holds the output, so a
// red suite says why without a second run.
//
// esbuild's `build` is handed in by each package rather than imported here: the packages already
// declare and import esbuild, so the version that bundles their checks stays the one they
// declare, and this locator keeps no dependency of its own (esbuild is a devDependency here only
// for this file's tests).
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadMiniflare, runNode, runtimeBin } from "./index.js";

/**
 * The hang guard for one runtime run, child process and test alike: 1–2 s alone, and a loaded
 * two-core machine can be 30 times slower. Never a speed check.
 */
export const PORTABLE_TIMEOUT_MS = 240_000;

/** Deno and Bun without update checks, prompts, colours or telemetry: the runs are offline. */
export const QUIET_ENV = {
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
  DO_NOT_TRACK: "1",
};

/**
 * A deprecation printed by any runtime: Node's `DeprecationWarning` and `DEP0…` codes, and the
 * warnings Deno and Bun print with "deprecated" in them.
 */
export const DEPRECATION = /deprecat|DEP0\d{3}/i;

/** A runtime run that did not end with a clean list of checks; the message holds the output. */
export class PortableRunError extends Error {
  name = "PortableRunError";

  constructor(reason, { command, code = null, signal = null, stdout = "", stderr = "" }) {
    const exit =
      signal !== null ? ` (killed by ${signal})` : code !== null ? ` (exit ${code})` : "";
    super(`${command}: ${reason}${exit}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`);
    this.reason = reason;
    this.code = code;
    this.signal = signal;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

/**
 * Reads the checks from a finished run: the `<prefix>_CHECKS <json>` line of stdout, which must
 * hold a list of `{ name, ok }`. Throws `PortableRunError` on a non-zero exit or a signal, on a
 * deprecation in stderr, and on a missing or malformed line.
 */
export function parseChecks(prefix, { command, code, signal = null, stdout, stderr }) {
  const output = { command, code, signal, stdout, stderr };
  if (signal !== null || code !== 0) throw new PortableRunError("the run failed", output);
  const deprecation = stderr.match(DEPRECATION);
  if (deprecation !== null)
    throw new PortableRunError(`a deprecation ("${deprecation[0]}") on stderr`, output);
  const marker = `${prefix}_CHECKS `;
  const line = stdout.split("\n").find((l) => l.startsWith(marker));
  if (line === undefined) throw new PortableRunError(`no ${marker.trim()} line`, output);
  let results;
  try {
    results = JSON.parse(line.slice(marker.length));
  } catch {
    throw new PortableRunError(`the ${marker.trim()} line is not JSON`, output);
  }
  return assertChecks(
    results,
    () => new PortableRunError(`the ${marker.trim()} line is not a list of checks`, output),
  );
}

function assertChecks(results, error) {
  const valid =
    Array.isArray(results) &&
    results.every((r) => typeof r?.name === "string" && typeof r.ok === "boolean");
  if (!valid) throw error();
  return results;
}

function packageName(packageDir) {
  return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).name;
}

/** The checks import ../../src/index.js for types; what runs is the built entry. */
function useDist(entry) {
  return {
    name: "use-dist",
    setup(build) {
      build.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: entry }));
    },
  };
}

/**
 * The portable checks of one package, bundled once (`setup()`) into a temporary folder and run
 * on each runtime. See index.d.ts for the options.
 */
export function portableSuite({
  build,
  packageDir,
  prefix,
  define = () => ({}),
  worker = false,
  nodeBuild = false,
}) {
  const root = packageDir instanceof URL ? fileURLToPath(packageDir) : packageDir;
  const dist = (file) => join(root, "dist", file);
  const entry = (file) => join(root, "test", "portable", file);
  let dir;

  const outDir = () => {
    if (dir === undefined) throw new Error("portableSuite: call setup() (in beforeAll) first");
    return dir;
  };

  async function run(command, args) {
    const result = await runNode(command, args, {
      cwd: outDir(),
      env: { ...process.env, ...QUIET_ENV },
      timeoutMs: PORTABLE_TIMEOUT_MS,
    });
    return parseChecks(prefix, { command: [command, ...args].join(" "), ...result });
  }

  const bundle = (name) => join(outDir(), `${name}.mjs`);

  return {
    get dir() {
      return outDir();
    },

    async setup() {
      const wanted = nodeBuild ? ["index.js", "index.node.js"] : ["index.js"];
      for (const file of wanted)
        if (!existsSync(dist(file)))
          throw new Error(
            `dist/${file} is missing in ${root}: build first (pnpm turbo run build --filter=${packageName(root)}...)`,
          );
      const defines = await define();
      dir = await mkdtemp(join(tmpdir(), `${prefix.toLowerCase()}-runtimes-`));
      const common = {
        outdir: dir,
        outExtension: { ".js": ".mjs" },
        bundle: true,
        format: "esm",
        define: defines,
        logLevel: "silent",
      };
      await build({
        ...common,
        entryPoints: { cli: entry("cli.ts"), ...(worker ? { worker: entry("worker.ts") } : {}) },
        // Neutral: no Node built-ins; the workspace packages resolve to their WebCrypto builds.
        platform: "neutral",
        mainFields: ["module", "main"],
        target: "es2022",
        plugins: [useDist(dist("index.js"))],
      });
      if (nodeBuild) {
        // The same checks on the Node build, resolved as Node resolves the package.
        await build({
          ...common,
          entryPoints: { "cli-node": entry("cli.ts") },
          platform: "node",
          conditions: ["node"],
          target: "node20",
          plugins: [useDist(dist("index.node.js"))],
        });
      }
    },

    async teardown() {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      dir = undefined;
    },

    run,

    async node(execPath, name = "cli") {
      // A deprecation raised by the checks throws where it is raised (and fails the exit code).
      return run(execPath, ["--throw-deprecation", bundle(name)]);
    },

    async deno(name = "cli") {
      // No --allow-* flags: the checks need no file, network or environment access.
      return run(runtimeBin("deno"), ["run", "--no-prompt", "--no-config", bundle(name)]);
    },

    async bun(name = "cli") {
      return run(runtimeBin("bun"), ["run", "--no-install", bundle(name)]);
    },

    async workerd({ compatibilityDate = "2026-04-01", compatibilityFlags = [] } = {}) {
      if (!worker) throw new Error("portableSuite: workerd() needs { worker: true }");
      const { Miniflare } = loadMiniflare();
      const miniflare = new Miniflare({
        modules: true,
        // The source, not a path: workerd refuses module paths outside its working directory.
        script: await readFile(bundle("worker"), "utf8"),
        compatibilityDate,
        compatibilityFlags,
      });
      try {
        const response = await miniflare.dispatchFetch("http://localhost/");
        const body = await response.text();
        const output = { command: "workerd (miniflare) worker.mjs", stdout: body };
        if (!response.ok)
          throw new PortableRunError(`the worker answered ${response.status}`, output);
        let results;
        try {
          results = JSON.parse(body);
        } catch {
          throw new PortableRunError("the worker's answer is not JSON", output);
        }
        return assertChecks(
          results,
          () => new PortableRunError("the worker's answer is not a list of checks", output),
        );
      } finally {
        await miniflare.dispose();
      }
    },
  };
}

/**
 * Throws unless every check passed and there are exactly `expected` of them; the message lists
 * the failed checks (with their detail) or the names that ran.
 */
export function expectChecks(results, expected) {
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0)
    throw new Error(
      `${failed.length} of ${results.length} checks failed:\n${failed.map((r) => `- ${r.name}: ${r.detail ?? "(no detail)"}`).join("\n")}`,
    );
  if (results.length !== expected)
    throw new Error(
      `expected ${expected} checks, ${results.length} ran: ${results.map((r) => r.name).join(", ")}`,
    );
}
