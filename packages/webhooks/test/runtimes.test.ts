// Runs the portable checks (./portable/checks.ts) against the BUILT package on Node (the
// machine's, then 22, 24 and 26 from tools/node-lines), Deno, Bun and workerd (through
// miniflare), each from the same esbuild bundle, offline; and the Node build
// (dist/index.node.js, node:crypto HMAC), which the exports condition "node" gives Node, Deno
// and Bun, on each of those but workerd. Every run is offline, with --throw-deprecation on Node,
// and fails on a deprecation in stderr (tools/node-lines/portable.js).
import { readFileSync } from "node:fs";
import { nodeLines } from "@d360-messaging/node-lines";
import {
  expectChecks,
  PORTABLE_TIMEOUT_MS,
  portableSuite,
} from "@d360-messaging/node-lines/portable";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, it } from "vitest";

const vector = JSON.parse(
  readFileSync(new URL("fixtures/captured-webhook.json", import.meta.url), "utf8"),
);
const EXPECTED_CHECKS = 9;

const suite = portableSuite({
  build,
  packageDir: new URL("..", import.meta.url),
  prefix: "WEBHOOKS",
  define: () => ({
    WEBHOOKS_VECTOR: JSON.stringify({
      appSecret: vector.appSecret,
      rawBody: vector.rawBody,
      header: vector.header,
    }),
  }),
  worker: true,
  nodeBuild: true,
});
beforeAll(suite.setup);
afterAll(suite.teardown);

describe("portable checks on every runtime", { timeout: PORTABLE_TIMEOUT_MS }, () => {
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(node.label, async () => {
      expectChecks(await suite.node(node.execPath as string), EXPECTED_CHECKS);
    });
    it.skipIf(node.execPath === undefined)(`${node.label}, Node build`, async () => {
      expectChecks(await suite.node(node.execPath as string, "cli-node"), EXPECTED_CHECKS);
    });
  }

  it("Deno", async () => {
    expectChecks(await suite.deno(), EXPECTED_CHECKS);
  });

  it("Deno, Node build", async () => {
    expectChecks(await suite.deno("cli-node"), EXPECTED_CHECKS);
  });

  it("Bun", async () => {
    expectChecks(await suite.bun(), EXPECTED_CHECKS);
  });

  it("Bun, Node build", async () => {
    expectChecks(await suite.bun("cli-node"), EXPECTED_CHECKS);
  });

  it("workerd (miniflare), without nodejs_compat", async () => {
    expectChecks(await suite.workerd(), EXPECTED_CHECKS);
  });
});
