// Runs the portable checks (./portable/checks.ts) against the BUILT package on Node (20, 22, 24, 26), Deno, Bun
// and workerd (through miniflare), each from the same esbuild bundle, offline; on every Node line
// also against the Node build (dist/index.node.js, node:crypto), and with --throw-deprecation, so
// that a deprecation warning from our code on any supported line fails the test (Node 24.21+
// printed DEP0204 for KeyObject.from() on a non-extractable CryptoKey).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadMiniflare, nodeLines, runtimeBin } from "@d360-messaging/node-lines";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadVector, vectorPrivateKey } from "./helpers.js";
import type { CheckResult, PortableVector } from "./portable/checks.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const distEntry = join(packageDir, "dist", "index.js");
const distNodeEntry = join(packageDir, "dist", "index.node.js");
// A hang guard, not a speed check: 1–2 s alone, and a loaded two-core machine can be 30 times slower.
const RUNTIME_TIMEOUT_MS = 240_000;

/** The checks import ../../src/index.js for types; what runs is the built dist. */
const useDist = (entry: string): Plugin => ({
  name: "use-dist",
  setup(esbuildBuild) {
    esbuildBuild.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: entry }));
  },
});

function portableVector(): PortableVector | null {
  const vector = loadVector();
  if (vector === undefined) return null;
  // WebCrypto has no DES-EDE3, so the captured key is opened here, with node:crypto, and handed
  // to the runtimes as plain PKCS#8; the request and reply they check are still the captured ones.
  const privateKeyPkcs8Pem = vectorPrivateKey(vector).export({
    type: "pkcs8",
    format: "pem",
  }) as string;
  const { request, decryptedPayload, aesKeyHex, response, webhookSignature } = vector;
  return { privateKeyPkcs8Pem, request, decryptedPayload, aesKeyHex, response, webhookSignature };
}

let outDir: string;
let vector: PortableVector | null;

beforeAll(async () => {
  if (!existsSync(distEntry)) {
    throw new Error(
      "dist/index.js is missing: build first (pnpm turbo run build --filter=@d360-messaging/flows...)",
    );
  }
  vector = portableVector();
  outDir = await mkdtemp(join(tmpdir(), "flows-runtimes-"));
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
    define: { FLOWS_VECTOR: JSON.stringify(vector) },
    plugins: [useDist(distEntry)],
    logLevel: "silent",
  });
  // The same checks on the Node build: node:crypto for the symmetric parts and a lone request's
  // RSA, and keys' Node build.
  await build({
    entryPoints: { "cli-node": join(packageDir, "test/portable/cli.ts") },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    conditions: ["node"],
    target: "node20",
    define: { FLOWS_VECTOR: JSON.stringify(vector) },
    plugins: [useDist(distNodeEntry)],
    logLevel: "silent",
  });
});

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

function parseCliOutput(stdout: string): CheckResult[] {
  const line = stdout.split("\n").find((l) => l.startsWith("FLOWS_CHECKS "));
  if (line === undefined) throw new Error(`no FLOWS_CHECKS line in output:\n${stdout}`);
  return JSON.parse(line.slice("FLOWS_CHECKS ".length)) as CheckResult[];
}

function expectAllPassed(results: CheckResult[]) {
  const failed = results.filter((r) => !r.ok);
  expect(failed).toEqual([]);
  // 15 status checks + 4 round trips + rotation and ready() + 2 media checks + the mutation
  // sweep, and 5 vector checks when present.
  expect(results.length).toBe(vector === null ? 24 : 29);
  if (vector === null)
    console.warn("vector absent: runtimes ran without the captured-vector checks");
}

const quietEnv = {
  ...process.env,
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
  DO_NOT_TRACK: "1",
};

async function runCli(command: string, args: string[]): Promise<CheckResult[]> {
  return (await runCliWithStderr(command, args)).results;
}

async function runCliWithStderr(
  command: string,
  args: string[],
): Promise<{ results: CheckResult[]; stderr: string }> {
  const { stdout, stderr } = await run(command, args, {
    cwd: outDir,
    env: quietEnv,
    timeout: RUNTIME_TIMEOUT_MS,
    maxBuffer: 4 * 1024 * 1024,
  });
  return { results: parseCliOutput(stdout), stderr };
}

/** Runs a bundle on a Node line so that any deprecation fails: thrown where it is raised, and looked for in stderr. */
async function runOnNode(execPath: string, bundle: string): Promise<CheckResult[]> {
  const { results, stderr } = await runCliWithStderr(execPath, [
    "--throw-deprecation",
    join(outDir, bundle),
  ]);
  expect(stderr).not.toMatch(/DeprecationWarning|DEP0\d{3}/);
  return results;
}

describe("portable checks on every runtime", () => {
  // The machine's Node, then Node 22, 24 and 26 from tools/node-lines (skipped, with the reason,
  // where their linux/x64 binaries do not run).
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(
      `${node.label}, web build, --throw-deprecation`,
      { timeout: RUNTIME_TIMEOUT_MS },
      async () => {
        expectAllPassed(await runOnNode(node.execPath as string, "cli.mjs"));
      },
    );
    it.skipIf(node.execPath === undefined)(
      `${node.label}, Node build, --throw-deprecation`,
      { timeout: RUNTIME_TIMEOUT_MS },
      async () => {
        expectAllPassed(await runOnNode(node.execPath as string, "cli-node.mjs"));
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

  it("Bun", { timeout: RUNTIME_TIMEOUT_MS }, async () => {
    expectAllPassed(
      await runCli(runtimeBin("bun"), ["run", "--no-install", join(outDir, "cli.mjs")]),
    );
  });

  it("Bun, Node build (Bun resolves the node condition), no deprecation warning", {
    timeout: RUNTIME_TIMEOUT_MS,
  }, async () => {
    const { results, stderr } = await runCliWithStderr(runtimeBin("bun"), [
      "run",
      "--no-install",
      join(outDir, "cli-node.mjs"),
    ]);
    expect(stderr).not.toMatch(/DeprecationWarning|DEP0\d{3}/);
    expectAllPassed(results);
  });

  it("workerd (miniflare), without nodejs_compat", { timeout: RUNTIME_TIMEOUT_MS }, async () => {
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
