// Runs the portable checks (./portable/checks.ts) on every Node line the packages support: the
// machine's Node and Node 22, 24 and 26 from tools/node-lines. The bundle holds the BUILT client
// (its default entry, as every runtime loads it) and the BUILT mock-server handler. The bundling
// and the runs are tools/node-lines/portable.js.
import { nodeLines } from "@d360-messaging/node-lines";
import {
  expectChecks,
  PORTABLE_TIMEOUT_MS,
  portableSuite,
} from "@d360-messaging/node-lines/portable";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, it } from "vitest";

const suite = portableSuite({
  build,
  packageDir: new URL("..", import.meta.url),
  prefix: "CLIENT",
});
beforeAll(suite.setup);
afterAll(suite.teardown);

describe("the client on every Node line", { timeout: PORTABLE_TIMEOUT_MS }, () => {
  for (const node of nodeLines()) {
    if (node.skip !== undefined) console.warn(node.skip);
    it.skipIf(node.execPath === undefined)(node.label, async () => {
      expectChecks(await suite.node(node.execPath as string), 4);
    });
  }
});
