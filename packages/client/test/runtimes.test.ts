// Runs the portable checks (./portable/checks.ts) on every Node line the packages support: the
// machine's Node and Node 22, 24 and 26 from tools/node-lines. The bundle holds the BUILT client
// (its default entry, as every runtime loads it) and the BUILT mock-server handler.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeLines, runNode } from "@d360-messaging/node-lines";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "./portable/checks.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const distEntry = join(packageDir, "dist", "index.js");
// A hang guard, not a speed check: 1–2 s alone, and a loaded two-core machine can be 30 times slower.
const TIMEOUT_MS = 240_000;

/** The checks import ../../src/index.js for types; what runs is the built entry. */
const useDist: Plugin = {
  name: "use-dist",
  setup(b) {
    b.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: distEntry }));
  },
};

let outDir: string;

beforeAll(async () => {
  if (!existsSync(distEntry))
    throw new Error(
      "dist/index.js is missing: build first (pnpm turbo run build --filter=@d360-messaging/client...)",
    );
  outDir = await mkdtemp(join(tmpdir(), "client-runtimes-"));
  await build({
    entryPoints: { cli: join(packageDir, "test/portable/cli.ts") },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    // Neutral: no Node built-ins; keys and mock-server resolve to their WebCrypto builds.
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    plugins: [useDist],
    logLevel: "silent",
  });
});

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe("the client on every Node line", () => {
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(node.label, { timeout: TIMEOUT_MS }, async () => {
      const result = await runNode(node.execPath as string, [join(outDir, "cli.mjs")], {
        cwd: outDir,
        timeoutMs: TIMEOUT_MS,
      });
      const line = result.stdout.split("\n").find((l) => l.startsWith("CLIENT_CHECKS "));
      if (line === undefined)
        throw new Error(
          `no CLIENT_CHECKS line (exit ${result.code}):\n${result.stdout}${result.stderr}`,
        );
      const results = JSON.parse(line.slice("CLIENT_CHECKS ".length)) as CheckResult[];
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    });
  }
});
