// Runs the portable checks (./portable/checks.ts) against the BUILT package on Node (20, 22, 24, 26), Deno, Bun
// and workerd (through miniflare), each from the same esbuild bundle, offline; on every Node line
// also against the Node build (dist/index.node.js, node:crypto), and with --throw-deprecation, so
// that a deprecation warning from our code on any supported line fails the test (Node 24.21+
// printed DEP0204 for KeyObject.from() on a non-extractable CryptoKey). Every run also fails on a
// deprecation in stderr (tools/node-lines/portable.js).
import { nodeLines } from "@d360-messaging/node-lines";
import {
  expectChecks,
  PORTABLE_TIMEOUT_MS,
  portableSuite,
} from "@d360-messaging/node-lines/portable";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, it } from "vitest";
import { loadVector, vectorPrivateKey } from "./helpers.js";
import type { CheckResult, PortableVector } from "./portable/checks.js";

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

let vector: PortableVector | null = null;

const suite = portableSuite({
  build,
  packageDir: new URL("..", import.meta.url),
  prefix: "FLOWS",
  define: () => {
    vector = portableVector();
    return { FLOWS_VECTOR: JSON.stringify(vector) };
  },
  worker: true,
  // The same checks on the Node build: node:crypto for the symmetric parts and a lone request's
  // RSA, and keys' Node build.
  nodeBuild: true,
});
beforeAll(suite.setup);
afterAll(suite.teardown);

function expectAllPassed(results: CheckResult[]) {
  // 15 status checks + 4 round trips + rotation and ready() + 2 media checks + the mutation
  // sweep, and 5 vector checks when present.
  expectChecks(results, vector === null ? 24 : 29);
  if (vector === null)
    console.warn("vector absent: runtimes ran without the captured-vector checks");
}

describe("portable checks on every runtime", { timeout: PORTABLE_TIMEOUT_MS }, () => {
  // The machine's Node, then Node 22, 24 and 26 from tools/node-lines (skipped, with the reason,
  // where their linux/x64 binaries do not run).
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(
      `${node.label}, web build, --throw-deprecation`,
      async () => {
        expectAllPassed(await suite.node(node.execPath as string));
      },
    );
    it.skipIf(node.execPath === undefined)(
      `${node.label}, Node build, --throw-deprecation`,
      async () => {
        expectAllPassed(await suite.node(node.execPath as string, "cli-node"));
      },
    );
  }

  it("Deno", async () => {
    expectAllPassed(await suite.deno());
  });

  it("Bun", async () => {
    expectAllPassed(await suite.bun());
  });

  it("Bun, Node build (Bun resolves the node condition), no deprecation warning", async () => {
    expectAllPassed(await suite.bun("cli-node"));
  });

  it("workerd (miniflare), without nodejs_compat", async () => {
    expectAllPassed(await suite.workerd());
  });
});
