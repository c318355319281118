// Runs the portable checks (./portable/checks.ts) against the BUILT package on every Node line
// the packages support: the machine's Node and Node 22, 24 and 26 from tools/node-lines. Each
// build a Node consumer can get is checked: the Node build (the `node` condition) and the web
// build (what a bundler for the web or Workers picks). Deno runs test/deno/ instead.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeLines, runNode } from "@d360-messaging/node-lines";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, PortableKeys } from "./portable/checks.js";
import { FIXTURE_PASSPHRASE } from "./support/constants.js";
import { bytes, text } from "./support/fixtures.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
// A hang guard, not a speed check: 1–2 s alone, and a loaded two-core machine can be 30 times slower.
const TIMEOUT_MS = 240_000;
const builds = { web: "index.js", node: "index.node.js" } as const;

/** The checks import ../../src/index.js for types; what runs is one of the built entries. */
function useDist(entry: string): Plugin {
  return {
    name: "use-dist",
    setup(b) {
      b.onResolve({ filter: /\/src\/index\.js$/ }, () => ({
        path: join(packageDir, "dist", entry),
      }));
    },
  };
}

let outDir: string;

beforeAll(async () => {
  for (const entry of Object.values(builds)) {
    if (!existsSync(join(packageDir, "dist", entry)))
      throw new Error(
        `dist/${entry} is missing: build first (pnpm --filter @d360-messaging/keys build)`,
      );
  }
  // The fingerprint from openssl's DER, hashed by node:crypto: neither comes from our code.
  const digest = createHash("sha256").update(bytes("rsa2048.pub.der")).digest("base64");
  const fixtures: PortableKeys = {
    privatePem: text("rsa2048.pem"),
    publicPem: text("rsa2048.pub.pem"),
    pkcs1PublicPem: text("rsa2048.pkcs1.pub.pem"),
    aesPem: text("pbes2-aes256-sha256.pem"),
    desPem: text("pbes2-des3.pem"),
    passphrase: FIXTURE_PASSPHRASE,
    fingerprint: `SHA256:${digest.replace(/=+$/, "")}`,
  };
  outDir = await mkdtemp(join(tmpdir(), "keys-runtimes-"));
  for (const [name, entry] of Object.entries(builds)) {
    await build({
      entryPoints: { [name]: join(packageDir, "test/portable/cli.ts") },
      outdir: outDir,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      format: "esm",
      // The Node build imports node:crypto; the web build must not need it.
      platform: name === "node" ? "node" : "neutral",
      target: "es2022",
      define: { KEYS_FIXTURES: JSON.stringify(fixtures), KEYS_BUILD: JSON.stringify(name) },
      plugins: [useDist(entry)],
      logLevel: "silent",
    });
  }
});

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

async function runChecks(execPath: string, bundle: string): Promise<CheckResult[]> {
  // A deprecation raised by our code throws where it is raised, and is looked for in stderr, so
  // that a supported Node line warning about it fails here, not in a user's logs.
  const result = await runNode(execPath, ["--throw-deprecation", join(outDir, bundle)], {
    cwd: outDir,
    timeoutMs: TIMEOUT_MS,
  });
  const line = result.stdout.split("\n").find((l) => l.startsWith("KEYS_CHECKS "));
  if (line === undefined)
    throw new Error(`no KEYS_CHECKS line (exit ${result.code}):\n${result.stdout}${result.stderr}`);
  expect(result.stderr).not.toMatch(/DeprecationWarning|DEP0\d{3}/);
  return JSON.parse(line.slice("KEYS_CHECKS ".length)) as CheckResult[];
}

describe("both builds on every Node line", () => {
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    for (const name of Object.keys(builds)) {
      it.skipIf(node.execPath === undefined)(
        `${node.label}, ${name} build`,
        { timeout: TIMEOUT_MS },
        async () => {
          const results = await runChecks(node.execPath as string, `${name}.mjs`);
          expect(results.filter((r) => !r.ok)).toEqual([]);
          expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, true]);
        },
      );
    }
  }
});
