import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PackedPackage } from "./pack.js";
import { describeFailure, type RunResult, run } from "./run.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "consumer");

/**
 * What each package's README promises a consumer can import from its root. The
 * smoke test fails if one of these packages is missing from the workspace, so a
 * package whose src/ is still empty fails here rather than on npm.
 */
export const EXPECTED_EXPORTS: Record<string, string[]> = {
  "@d360-messaging/types": ["SPEC_VERSION"],
  "@d360-messaging/keys": [
    "generateKeyPair",
    "parsePublicKey",
    "publicKeyFingerprint",
    "importPrivateKey",
    "derivePublicKey",
    "KeyFormatError",
    "isKeyFormatError",
  ],
  "@d360-messaging/client": [
    "createD360Client",
    "ApiError",
    "isApiError",
    "isD360Error",
    "USER_AGENT",
  ],
  "@d360-messaging/flows": [
    "createFlowEndpoint",
    "decryptFlowRequest",
    "encryptFlowResponse",
    "verifyFlowSignature",
    "decryptFlowMedia",
    "downloadFlowMedia",
    "createFlowRouter",
  ],
  "@d360-messaging/mock-server": [
    "startMockServer",
    "createMockHandler",
    "simulateFlowRequest",
    "encryptFlowMedia",
  ],
  "@d360-messaging/cli": ["main", "ExitCode"],
};

/** Packages src/consumer.ts imports: the type-check and round-trip steps need all of them. */
const CONSUMER_IMPORTS = [
  "@d360-messaging/types",
  "@d360-messaging/keys",
  "@d360-messaging/client",
  "@d360-messaging/flows",
  "@d360-messaging/mock-server",
];

/** What the consumer project type-checks with: the workspace's TypeScript and the types of the oldest supported Node. */
const CONSUMER_DEV_DEPENDENCIES = ["typescript@5.9.3", "@types/node@20"];

export interface StepResult {
  step: string;
  problems: string[];
  ms: number;
  /** Set when the step did not run, with the reason. */
  skipped?: string;
}

/** One public entry point: `@scope/pkg` or `@scope/pkg/sub`, and the files it resolves to. */
interface Entry {
  specifier: string;
  pkg: PackedPackage;
  /** The file Node loads (conditions node, import, default). */
  nodeFile: string | undefined;
  /** The file a bundler for the web or Workers loads (conditions import, default). */
  defaultFile: string | undefined;
}

/** Follows an `exports` target through the given conditions, in the map's own order, as Node does. */
function resolveTarget(target: unknown, conditions: readonly string[]): string | undefined {
  if (typeof target === "string") return target;
  if (typeof target !== "object" || target === null || Array.isArray(target)) return undefined;
  for (const [condition, next] of Object.entries(target)) {
    if (condition !== "default" && !conditions.includes(condition)) continue;
    const resolved = resolveTarget(next, conditions);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}

function publicEntries(packed: readonly PackedPackage[]): Entry[] {
  const entries: Entry[] = [];
  for (const pkg of packed) {
    const exportsField = pkg.manifest.exports;
    const map =
      typeof exportsField === "object" && exportsField !== null && !Array.isArray(exportsField)
        ? (exportsField as Record<string, unknown>)
        : { ".": exportsField };
    for (const [subpath, target] of Object.entries(map)) {
      const nodeFile = resolveTarget(target, ["node", "import"]);
      if (!nodeFile || !/\.[cm]?js$/.test(nodeFile)) continue; // ./package.json and other non-code entries
      entries.push({
        specifier: subpath === "." ? pkg.manifest.name : `${pkg.manifest.name}${subpath.slice(1)}`,
        pkg,
        nodeFile,
        defaultFile: resolveTarget(target, ["import"]),
      });
    }
  }
  return entries;
}

/**
 * npm must see a clean environment: `pnpm check:packages` exports pnpm's own
 * settings (user agent, lifecycle and package variables) that would otherwise
 * leak into the consumer's npm and make it behave unlike a real consumer's.
 */
function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_(package|lifecycle|command|execpath|node_execpath)|npm_config_(user_agent|verify_deps_before_run)$|pnpm_|PNPM_)/i.test(
        key,
      )
    ) {
      continue;
    }
    env[key] = value;
  }
  env.npm_config_update_notifier = "false";
  return env;
}

async function step(
  results: StepResult[],
  name: string,
  body: () => Promise<string[]>,
): Promise<void> {
  const started = performance.now();
  let problems: string[];
  try {
    problems = await body();
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
  }
  results.push({ step: name, problems, ms: performance.now() - started });
}

function parseReport(
  name: string,
  args: string[],
  result: RunResult,
): { failures: string[]; names?: Record<string, string[]> } {
  try {
    return JSON.parse(result.stdout) as { failures: string[]; names?: Record<string, string[]> };
  } catch {
    return { failures: [`${name}: ${describeFailure("node", args, result)}`] };
  }
}

export interface SmokeOptions {
  /** The throwaway consumer project: outside the workspace, so nothing resolves from it. */
  dir: string;
  packed: readonly PackedPackage[];
  /** False under `--only`: do not demand packages that were not asked for. */
  requireAll: boolean;
}

/**
 * A fresh project that installs only the tarballs (plus their registry
 * dependencies) and uses them as a consumer would: ESM import, CommonJS
 * require, tsc under bundler and node16 resolution, and a call through the
 * client to the mock server.
 */
export async function smokeTest({ dir, packed, requireAll }: SmokeOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const env = consumerEnv();
  const have = new Set(packed.map((p) => p.manifest.name));
  const node = (args: string[], timeoutMs = 60_000) =>
    run(process.execPath, args, { cwd: dir, env, timeoutMs });

  if (requireAll) {
    const missing = Object.keys(EXPECTED_EXPORTS).filter((name) => !have.has(name));
    results.push({
      step: "all packages present",
      problems: missing.map(
        (name) => `${name} is not a publishable package in packages/ (expected by the smoke test)`,
      ),
      ms: 0,
    });
  }

  mkdirSync(path.join(dir, "src"), { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "d360-consumer-smoke", private: true, type: "module" }, null, 2)}\n`,
  );

  let installed = false;
  await step(results, "npm install the tarballs", async () => {
    const args = [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=warn",
      ...packed.map((p) => p.tarball),
      ...CONSUMER_DEV_DEPENDENCIES,
    ];
    const result = await run("npm", args, { cwd: dir, env, timeoutMs: 240_000 });
    if (result.code !== 0) return [describeFailure("npm", args, result)];
    installed = true;
    // Every @d360-messaging package must come from a tarball. If a range did not
    // match the local version, npm would quietly fetch someone's published copy.
    const lock = JSON.parse(readFileSync(path.join(dir, "package-lock.json"), "utf8")) as {
      packages: Record<string, { resolved?: string; version?: string }>;
    };
    const problems: string[] = [];
    for (const [location, info] of Object.entries(lock.packages)) {
      if (!/node_modules\/@d360-messaging\//.test(location)) continue;
      if (!info.resolved?.startsWith("file:")) {
        problems.push(
          `${location} was installed from ${info.resolved ?? "?"}, not from a local tarball`,
        );
      }
      if (location.split("node_modules/").length > 2) {
        problems.push(
          `${location} is a nested second copy: an internal range does not accept the local version`,
        );
      }
    }
    return problems;
  });
  if (!installed) return results;

  const entries = publicEntries(packed);
  const runtimeNames: Record<string, { node16: string[]; bundler: string[] }> = {};

  await step(results, "ESM import of every public entry", async () => {
    const request = entries.map((entry) => ({
      specifier: entry.specifier,
      expect:
        entry.specifier === entry.pkg.manifest.name
          ? (EXPECTED_EXPORTS[entry.specifier] ?? [])
          : [],
    }));
    // The same files as a web or Workers bundler would load them, by path.
    const defaults = entries
      .filter((entry) => entry.defaultFile && entry.defaultFile !== entry.nodeFile)
      .map((entry) => ({
        specifier: pathToFileURL(
          path.join(dir, "node_modules", entry.pkg.manifest.name, entry.defaultFile as string),
        ).href,
        expect: [],
      }));
    copyFileSync(path.join(fixtures, "imports.mjs"), path.join(dir, "imports.mjs"));
    const args = ["imports.mjs", JSON.stringify([...request, ...defaults])];
    const report = parseReport("imports.mjs", args, await node(args));
    const names = report.names ?? {};
    for (const entry of entries) {
      const nodeNames = names[entry.specifier] ?? [];
      const defaultNames =
        entry.defaultFile && entry.defaultFile !== entry.nodeFile
          ? (names[
              pathToFileURL(
                path.join(dir, "node_modules", entry.pkg.manifest.name, entry.defaultFile),
              ).href
            ] ?? [])
          : nodeNames;
      // An entry that failed to import is already reported; comparing its types with nothing would only add noise.
      if (names[entry.specifier] === undefined) continue;
      runtimeNames[entry.specifier] = { node16: nodeNames, bundler: defaultNames };
      // A consumer moving a service from Workers to Node must not lose an API.
      const lost = defaultNames.filter((name) => !nodeNames.includes(name));
      if (lost.length > 0) {
        report.failures.push(
          `"${entry.specifier}": the node build lacks ${lost.join(", ")}, which the default build exports`,
        );
      }
    }
    return report.failures;
  });

  await step(results, "CommonJS require() of every package", async () => {
    copyFileSync(path.join(fixtures, "require.cjs"), path.join(dir, "require.cjs"));
    const request = packed.map((p) => ({
      specifier: p.manifest.name,
      expect: EXPECTED_EXPORTS[p.manifest.name] ?? [],
    }));
    const args = ["require.cjs", JSON.stringify(request)];
    return parseReport("require.cjs", args, await node(args)).failures;
  });

  await step(results, "types match runtime exports (node16 and bundler)", async () => {
    copyFileSync(path.join(fixtures, "parity.mjs"), path.join(dir, "parity.mjs"));
    const request = entries
      .filter((entry) => runtimeNames[entry.specifier])
      .map((entry) => ({ specifier: entry.specifier, runtime: runtimeNames[entry.specifier] }));
    if (request.length === 0) return ["no entry imported, so there is nothing to compare"];
    const args = ["parity.mjs", JSON.stringify(request)];
    return parseReport("parity.mjs", args, await node(args, 120_000)).failures;
  });

  const consumerReady = CONSUMER_IMPORTS.every((name) => have.has(name));
  const skipReason = consumerReady
    ? undefined
    : `needs ${CONSUMER_IMPORTS.filter((n) => !have.has(n)).join(", ")}`;
  const tsc = path.join(dir, "node_modules", "typescript", "bin", "tsc");
  writeConsumerProject(dir);

  for (const config of ["tsconfig.bundler.json", "tsconfig.node16.json"]) {
    const name = `tsc on a sample consumer (${config})`;
    if (skipReason) {
      results.push({ step: name, problems: [], ms: 0, skipped: skipReason });
      continue;
    }
    await step(results, name, async () => {
      const args = [tsc, "-p", config];
      const result = await node(args, 120_000);
      return result.code === 0 ? [] : [describeFailure("tsc", args.slice(1), result)];
    });
  }

  const roundTrip = "mock server through the client (compiled consumer)";
  if (skipReason) {
    results.push({ step: roundTrip, problems: [], ms: 0, skipped: skipReason });
  } else {
    await step(results, roundTrip, async () => {
      if (!existsSync(path.join(dir, "out", "consumer.js")))
        return ["out/consumer.js was not emitted (see the node16 tsc step)"];
      const args = ["out/consumer.js"];
      const result = await node(args);
      return result.code === 0 && result.stdout.includes("consumer: ok")
        ? []
        : [describeFailure("node", args, result)];
    });
  }

  const cli = packed.find((p) => p.manifest.name === "@d360-messaging/cli");
  if (cli) {
    await step(results, "d360 --version from node_modules/.bin", async () => {
      const bin = path.join(
        dir,
        "node_modules",
        ".bin",
        process.platform === "win32" ? "d360.cmd" : "d360",
      );
      if (!existsSync(bin))
        return ['npm did not link a d360 bin: check the cli package\'s "bin" field'];
      const result = await run(bin, ["--version"], { cwd: dir, env, timeoutMs: 30_000 });
      if (result.code !== 0) return [describeFailure("d360", ["--version"], result)];
      return result.stdout.includes(cli.manifest.version)
        ? []
        : [
            `d360 --version printed ${JSON.stringify(result.stdout.trim())}, want the package version ${cli.manifest.version}`,
          ];
    });
  }
  return results;
}

/**
 * Two consumers of the same file: a bundled app (bundler resolution) and a plain
 * Node ESM service (node16 resolution). `skipLibCheck: false`, so the shipped
 * .d.ts files are checked under the consumer's settings too. Both include the
 * DOM lib: the runtime-neutral packages use Web API types (`CryptoKey`,
 * `JsonWebKey`, `HeadersInit`) in their signatures, which @types/node 20 does
 * not declare globally. The node16 build is emitted and run: that is the round
 * trip through the mock server.
 */
function writeConsumerProject(dir: string): void {
  copyFileSync(path.join(fixtures, "consumer.mts"), path.join(dir, "src", "consumer.ts"));
  const common = {
    target: "ES2022",
    strict: true,
    skipLibCheck: false,
    types: ["node"],
    isolatedModules: true,
    verbatimModuleSyntax: true,
  };
  const configs = {
    "tsconfig.bundler.json": {
      compilerOptions: {
        ...common,
        module: "esnext",
        moduleResolution: "bundler",
        lib: ["ES2022", "DOM"],
        noEmit: true,
      },
      include: ["src"],
    },
    "tsconfig.node16.json": {
      compilerOptions: {
        ...common,
        module: "node16",
        moduleResolution: "node16",
        lib: ["ES2022", "DOM"],
        outDir: "out",
        rootDir: "src",
      },
      include: ["src"],
    },
  };
  for (const [file, config] of Object.entries(configs)) {
    writeFileSync(path.join(dir, file), `${JSON.stringify(config, null, 2)}\n`);
  }
}
