// Runs the portable checks (./portable/checks.ts) against the BUILT default (non-Node) entry on
// Node (20, 22, 24, 26), Deno, Bun and workerd (through miniflare), each from the same esbuild bundle, offline:
// the proof that the handler and the simulator need nothing but Web APIs. The bundling and the
// runs are tools/node-lines/portable.js.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nodeLines } from "@d360-messaging/node-lines";
import {
  expectChecks,
  PORTABLE_TIMEOUT_MS,
  portableSuite,
} from "@d360-messaging/node-lines/portable";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { CheckResult, PortableVector } from "./portable/checks.js";

const vectorFile = fileURLToPath(new URL("../../../vectors/flows-captured.json", import.meta.url));

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

let vector: PortableVector | null = null;

const suite = portableSuite({
  build,
  packageDir: new URL("..", import.meta.url),
  prefix: "MOCK",
  define: () => {
    vector = portableVector();
    return { MOCK_VECTOR: JSON.stringify(vector) };
  },
  worker: true,
});
beforeAll(suite.setup);
afterAll(suite.teardown);

function expectAllPassed(results: CheckResult[]) {
  expectChecks(results, vector === null ? 11 : 13);
}

describe("the default build on every runtime", { timeout: PORTABLE_TIMEOUT_MS }, () => {
  // The machine's Node, then Node 22, 24 and 26 from tools/node-lines (skipped, with the reason,
  // where their linux/x64 binaries do not run).
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(node.label, async () => {
      expectAllPassed(await suite.node(node.execPath as string));
    });
  }

  it("Deno", async () => {
    expectAllPassed(await suite.deno());
  });

  it("Bun", async () => {
    expectAllPassed(await suite.bun());
  });

  it("workerd (miniflare), without nodejs_compat", async () => {
    expectAllPassed(await suite.workerd());
  });
});
