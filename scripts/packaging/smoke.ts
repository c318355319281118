import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type NodeLine, nodeLines } from "@d360-messaging/node-lines";
import type { PackedPackage } from "./pack.js";
import { describeFailure, pool, type RunResult, run } from "./run.js";

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
  "@d360-messaging/webhooks": [
    "createWebhookHandler",
    "createMemoryDedupeStore",
    "WebhookError",
    "isWebhookError",
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
  // Every timeout here is a hang guard, not a speed check: a loaded two-core machine is slow.
  const node = (args: string[], timeoutMs = 240_000, execPath = process.execPath) =>
    run(execPath, args, { cwd: dir, env, timeoutMs });

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
    const result = await run("npm", args, { cwd: dir, env, timeoutMs: 600_000 });
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
    return parseReport("parity.mjs", args, await node(args, 300_000)).failures;
  });

  const consumerReady = CONSUMER_IMPORTS.every((name) => have.has(name));
  const skipReason = consumerReady
    ? undefined
    : `needs ${CONSUMER_IMPORTS.filter((n) => !have.has(n)).join(", ")}`;
  const tsc = path.join(dir, "node_modules", "typescript", "bin", "tsc");

  const readmeImports = writeConsumerProject(dir, packed);
  results.push({
    step: "README imports collected for the type-check",
    problems: readmeImports > 0 ? [] : ["no README code block imports a @d360-messaging package"],
    ms: 0,
  });

  // Two at a time: tsc is CPU-bound and this machine and CI runners have two cores.
  const tscResults = await pool(Object.keys(CONSUMER_TSCONFIGS), 2, async (config) => {
    const name = `tsc on a sample consumer (${config}: ${CONSUMER_TSCONFIGS[config]?.what})`;
    if (skipReason) return { step: name, problems: [], ms: 0, skipped: skipReason };
    const stepResults: StepResult[] = [];
    await step(stepResults, name, async () => {
      const args = [tsc, "-p", config];
      const result = await node(args, 300_000);
      return result.code === 0 ? [] : [describeFailure("tsc", args.slice(1), result)];
    });
    return stepResults[0] as StepResult;
  });
  results.push(...tscResults);

  // The same files run on every Node line: the machine's (which the steps above used) and the
  // pinned ones from tools/node-lines, in parallel (each is a second or two of mostly waiting).
  const lines = nodeLines();
  const perLine = await Promise.all(
    lines.map(async (line): Promise<StepResult> => {
      const name = `${line.label}: ESM imports, require(), mock server through the client, Flows round trip`;
      if (line.execPath === undefined)
        return { step: name, problems: [], ms: 0, skipped: line.skip };
      if (skipReason) return { step: name, problems: [], ms: 0, skipped: skipReason };
      const stepResults: StepResult[] = [];
      await step(stepResults, name, () => runEverywhere(line, dir, packed, entries, node));
      return stepResults[0] as StepResult;
    }),
  );
  results.push(...perLine);

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
      const result = await run(bin, ["--version"], { cwd: dir, env, timeoutMs: 240_000 });
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
 * The consumers' tsconfigs, all with `skipLibCheck: false` so that the shipped .d.ts files are
 * checked under the consumer's settings, and all over the same files: the round-trip consumer,
 * the README imports and src/strict.ts (whose @ts-expect-error lines fail if a type degraded to
 * `any`). Two have no DOM lib, as most Node projects: the public types must not name DOM-only
 * types (`CryptoKey`, `JsonWebKey`, `HeadersInit`), which @types/node does not declare.
 */
const CONSUMER_TSCONFIGS: Record<string, { what: string; compilerOptions: object }> = {
  "tsconfig.bundler.json": {
    what: "a web app: bundler resolution, DOM lib",
    compilerOptions: {
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["ES2022", "DOM"],
      noEmit: true,
    },
  },
  "tsconfig.bundler-node.json": {
    what: "Vite's tsconfig.node.json: bundler resolution, no DOM lib",
    compilerOptions: {
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["ES2022"],
      noEmit: true,
    },
  },
  "tsconfig.node16.json": {
    what: "@tsconfig/node20: node16 resolution, no DOM lib; emits the round trip",
    compilerOptions: {
      module: "node16",
      moduleResolution: "node16",
      lib: ["ES2022"],
      outDir: "out",
      rootDir: "src",
    },
  },
};

/** The `import … from "@d360-messaging/…"` statements in a README's TypeScript code blocks. */
export function readmeImports(readme: string): string[] {
  const imports: string[] = [];
  for (const block of readme.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) {
    for (const statement of (block[1] ?? "").matchAll(
      /^import\s[^;]*?from\s+"(@d360-messaging\/[^"]+)";/gm,
    )) {
      imports.push(statement[0]);
    }
  }
  return imports;
}

/**
 * Writes the consumer project: src/consumer.ts (the round trip), src/strict.ts, and one file
 * per import statement found in the packed READMEs (one each, so two examples importing the
 * same name cannot clash), then the tsconfigs. Returns how many README imports it found.
 */
function writeConsumerProject(dir: string, packed: readonly PackedPackage[]): number {
  copyFileSync(path.join(fixtures, "consumer.mts"), path.join(dir, "src", "consumer.ts"));
  copyFileSync(path.join(fixtures, "strict.mts"), path.join(dir, "src", "strict.ts"));
  mkdirSync(path.join(dir, "src", "readme"), { recursive: true });
  let count = 0;
  for (const pkg of packed) {
    const readme = pkg.files.get("README.md")?.data.toString("utf8") ?? "";
    readmeImports(readme).forEach((statement, i) => {
      const file = `${pkg.manifest.name.split("/")[1]}-${i + 1}.ts`;
      const header = `// From the README of ${pkg.manifest.name}.\n`;
      writeFileSync(path.join(dir, "src", "readme", file), `${header}${statement}\nexport {};\n`);
      count++;
    });
  }
  const common = {
    target: "ES2022",
    strict: true,
    skipLibCheck: false,
    types: ["node"],
    isolatedModules: true,
    verbatimModuleSyntax: true,
  };
  for (const [file, { compilerOptions }] of Object.entries(CONSUMER_TSCONFIGS)) {
    const config = { compilerOptions: { ...common, ...compilerOptions }, include: ["src"] };
    writeFileSync(path.join(dir, file), `${JSON.stringify(config, null, 2)}\n`);
  }
  return count;
}

/**
 * On one Node line: ESM import of every public entry, require() of every package, and the
 * compiled consumer (the mock server called through the client, a Flows round trip through the
 * simulator). The checks' expectations are the ones the machine's Node passed above.
 */
async function runEverywhere(
  line: NodeLine,
  dir: string,
  packed: readonly PackedPackage[],
  entries: readonly Entry[],
  node: (args: string[], timeoutMs?: number, execPath?: string) => Promise<RunResult>,
): Promise<string[]> {
  const execPath = line.execPath as string;
  const problems: string[] = [];
  const imports = entries.map((entry) => ({
    specifier: entry.specifier,
    expect:
      entry.specifier === entry.pkg.manifest.name ? (EXPECTED_EXPORTS[entry.specifier] ?? []) : [],
  }));
  const requires = packed.map((p) => ({
    specifier: p.manifest.name,
    expect: EXPECTED_EXPORTS[p.manifest.name] ?? [],
  }));
  for (const [script, request] of [
    ["imports.mjs", imports],
    ["require.cjs", requires],
  ] as const) {
    const args = [script, JSON.stringify(request)];
    problems.push(...parseReport(script, args, await node(args, 60_000, execPath)).failures);
  }
  if (!existsSync(path.join(dir, "out", "consumer.js"))) {
    problems.push("out/consumer.js was not emitted (see the node16 tsc step)");
  } else {
    const result = await node(["out/consumer.js"], 60_000, execPath);
    if (!(result.code === 0 && result.stdout.includes("consumer: ok")))
      problems.push(describeFailure(line.label, ["out/consumer.js"], result));
  }
  return problems;
}
