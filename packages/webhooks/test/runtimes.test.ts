// Runs the portable checks (./portable/checks.ts) against the BUILT package on Node (the
// machine's, then 22, 24 and 26 from tools/node-lines), Deno, Bun and workerd (through
// miniflare), each from the same esbuild bundle, offline; and the Node build
// (dist/index.node.js, node:crypto HMAC), which the exports condition "node" gives Node, Deno
// and Bun, on each of those but workerd, with --throw-deprecation on Node.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadMiniflare, nodeLines, runtimeBin } from "@d360-messaging/node-lines";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "./portable/checks.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const distEntry = join(packageDir, "dist", "index.js");
const distNodeEntry = join(packageDir, "dist", "index.node.js");
// A hang guard, not a speed check: 1–2 s alone, and a loaded two-core machine can be 30 times slower.
const RUNTIME_TIMEOUT_MS = 240_000;
const vector = JSON.parse(
  readFileSync(join(packageDir, "test/fixtures/captured-webhook.json"), "utf8"),
);
const EXPECTED_CHECKS = 9;

/** The checks import ../../src/index.js for types; what runs is the built dist. */
const useDist = (entry: string): Plugin => ({
  name: "use-dist",
  setup(esbuildBuild) {
    esbuildBuild.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: entry }));
  },
});

let outDir: string;

beforeAll(async () => {
  if (!existsSync(distEntry)) {
    throw new Error(
      "dist/index.js is missing: build first (pnpm turbo run build --filter=@d360-messaging/webhooks...)",
    );
  }
  outDir = await mkdtemp(join(tmpdir(), "webhooks-runtimes-"));
  const define = {
    WEBHOOKS_VECTOR: JSON.stringify({
      appSecret: vector.appSecret,
      rawBody: vector.rawBody,
      header: vector.header,
    }),
  };
  await build({
    entryPoints: {
      cli: join(packageDir, "test/portable/cli.ts"),
      worker: join(packageDir, "test/portable/worker.ts"),
    },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    // Neutral: no Node built-ins; keys resolves to its WebCrypto ("default") build.
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    define,
    plugins: [useDist(distEntry)],
    logLevel: "silent",
  });
  // The same checks on the Node build, resolved as Node resolves the package.
  await build({
    entryPoints: { "cli-node": join(packageDir, "test/portable/cli.ts") },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    conditions: ["node"],
    target: "node20",
    define,
    plugins: [useDist(distNodeEntry)],
    logLevel: "silent",
  });
});

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

function expectAllPassed(results: CheckResult[]) {
  expect(results.filter((r) => !r.ok)).toEqual([]);
  expect(results).toHaveLength(EXPECTED_CHECKS);
}

const quietEnv = {
  ...process.env,
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
  DO_NOT_TRACK: "1",
};

async function runCli(command: string, args: string[]): Promise<CheckResult[]> {
  const { stdout, stderr } = await run(command, args, {
    cwd: outDir,
    env: quietEnv,
    timeout: RUNTIME_TIMEOUT_MS,
  });
  // A deprecation printed by any runtime (Node's DEP…, Deno's and Bun's warnings) fails the run.
  expect(stderr).not.toMatch(/deprecat/i);
  const line = stdout.split("\n").find((l) => l.startsWith("WEBHOOKS_CHECKS "));
  if (line === undefined) throw new Error(`no WEBHOOKS_CHECKS line in output:\n${stdout}`);
  return JSON.parse(line.slice("WEBHOOKS_CHECKS ".length)) as CheckResult[];
}

describe("portable checks on every runtime", () => {
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(
      node.label,
      { timeout: RUNTIME_TIMEOUT_MS },
      async () => {
        expectAllPassed(await runCli(node.execPath as string, [join(outDir, "cli.mjs")]));
      },
    );
    it.skipIf(node.execPath === undefined)(
      `${node.label}, Node build`,
      { timeout: RUNTIME_TIMEOUT_MS },
      async () => {
        expectAllPassed(
          await runCli(node.execPath as string, [
            "--throw-deprecation",
            join(outDir, "cli-node.mjs"),
          ]),
        );
      },
    );
  }

  it("Deno", { timeout: RUNTIME_TIMEOUT_MS }, async () => {
    // No --allow-* flags: the checks need no file, network or environment access.
    expectAllPassed(
      await runCli(runtimeBin("deno"), [
        "run",
        "--no-prompt",
        "--no-config",
        join(outDir, "cli.mjs"),
      ]),
    );
  });

  it("Deno, Node build", { timeout: RUNTIME_TIMEOUT_MS }, async () => {
    expectAllPassed(
      await runCli(runtimeBin("deno"), [
        "run",
        "--no-prompt",
        "--no-config",
        join(outDir, "cli-node.mjs"),
      ]),
    );
  });

  it("Bun", { timeout: RUNTIME_TIMEOUT_MS }, async () => {
    expectAllPassed(
      await runCli(runtimeBin("bun"), ["run", "--no-install", join(outDir, "cli.mjs")]),
    );
  });

  it("Bun, Node build", { timeout: RUNTIME_TIMEOUT_MS }, async () => {
    expectAllPassed(
      await runCli(runtimeBin("bun"), ["run", "--no-install", join(outDir, "cli-node.mjs")]),
    );
  });

  it("workerd (miniflare), without nodejs_compat", { timeout: RUNTIME_TIMEOUT_MS }, async () => {
    const { Miniflare } = loadMiniflare();
    const miniflare = new Miniflare({
      modules: true,
      script: await readFile(join(outDir, "worker.mjs"), "utf8"),
      compatibilityDate: "2026-04-01",
      compatibilityFlags: [],
    });
    try {
      const response = await miniflare.dispatchFetch("http://localhost/");
      expectAllPassed((await response.json()) as CheckResult[]);
    } finally {
      await miniflare.dispose();
    }
  });
});
