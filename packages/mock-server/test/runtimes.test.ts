// Runs the portable checks (./portable/checks.ts) against the BUILT default (non-Node) entry on
// Node (20, 22, 24, 26), Deno, Bun and workerd (through miniflare), each from the same esbuild bundle, offline:
// the proof that the handler and the simulator need nothing but Web APIs.
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
import type { CheckResult, PortableVector } from "./portable/checks.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const distEntry = join(packageDir, "dist", "index.js");
const vectorFile = fileURLToPath(new URL("../../../vectors/flows-captured.json", import.meta.url));
// A hang guard, not a speed check: 1–2 s alone, and a loaded two-core machine can be 30 times slower.
const TIMEOUT_MS = 240_000;

// The checks import ../../src/index.js for types; what runs is the built default entry.
const useDist: Plugin = {
  name: "use-dist",
  setup(b) {
    b.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: distEntry }));
  },
};

function portableVector(): PortableVector | null {
  if (!existsSync(vectorFile)) {
    console.warn(
      "flows-captured.json not found beside the repository: runtimes skip the vector checks",
    );
    return null;
  }
  const v = JSON.parse(readFileSync(vectorFile, "utf8"));
  return {
    initialVector: v.request.initial_vector,
    aesKeyHex: v.aesKeyHex,
    response: v.response,
    webhookSignature: v.webhookSignature,
  };
}

let outDir: string;
let vector: PortableVector | null;

beforeAll(async () => {
  if (!existsSync(distEntry)) {
    throw new Error(
      "dist/index.js is missing: build first (pnpm --filter @d360-messaging/mock-server build)",
    );
  }
  vector = portableVector();
  outDir = await mkdtemp(join(tmpdir(), "mock-runtimes-"));
  await build({
    entryPoints: {
      cli: join(packageDir, "test/portable/cli.ts"),
      worker: join(packageDir, "test/portable/worker.ts"),
    },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    // Neutral: no Node built-ins, and keys resolves to its WebCrypto ("default") build.
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    define: { MOCK_VECTOR: JSON.stringify(vector) },
    plugins: [useDist],
    logLevel: "silent",
  });
});

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

function expectAllPassed(results: CheckResult[]) {
  expect(results.filter((r) => !r.ok)).toEqual([]);
  expect(results.length).toBe(vector === null ? 11 : 13);
}

const quietEnv = {
  ...process.env,
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
  DO_NOT_TRACK: "1",
};

async function runCli(command: string, args: string[]): Promise<CheckResult[]> {
  const { stdout } = await run(command, args, { cwd: outDir, env: quietEnv, timeout: TIMEOUT_MS });
  const line = stdout.split("\n").find((l) => l.startsWith("MOCK_CHECKS "));
  if (line === undefined) throw new Error(`no MOCK_CHECKS line in output:\n${stdout}`);
  return JSON.parse(line.slice("MOCK_CHECKS ".length)) as CheckResult[];
}

describe("the default build on every runtime", () => {
  // The machine's Node, then Node 22, 24 and 26 from tools/node-lines (skipped, with the reason,
  // where their linux/x64 binaries do not run).
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(node.label, { timeout: TIMEOUT_MS }, async () => {
      expectAllPassed(await runCli(node.execPath as string, [join(outDir, "cli.mjs")]));
    });
  }

  it("Deno", { timeout: TIMEOUT_MS }, async () => {
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

  it("Bun", { timeout: TIMEOUT_MS }, async () => {
    expectAllPassed(
      await runCli(runtimeBin("bun"), ["run", "--no-install", join(outDir, "cli.mjs")]),
    );
  });

  it("workerd (miniflare), without nodejs_compat", { timeout: TIMEOUT_MS }, async () => {
    const { Miniflare } = loadMiniflare();
    const miniflare = new Miniflare({
      modules: true,
      // The source, not a path: workerd refuses module paths outside its working directory.
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
