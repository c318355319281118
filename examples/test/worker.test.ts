// The Cloudflare Worker example in workerd (miniflare), bundled as wrangler would (esbuild,
// browser/worker conditions), without nodejs_compat, with its secrets as bindings.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateKeyPair } from "@d360-messaging/keys";
import { loadMiniflare, type MiniflareInstance } from "@d360-messaging/node-lines";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_SECRET, expectFlowsEndpoint } from "./simulator.js";

const entry = fileURLToPath(new URL("../cloudflare-worker/src/index.ts", import.meta.url));
const wranglerToml = readFileSync(
  new URL("../cloudflare-worker/wrangler.toml", import.meta.url),
  "utf8",
);
let miniflare: MiniflareInstance;
let script: string;
let publicKeyPem: string;

beforeAll(async () => {
  const keys = await generateKeyPair();
  publicKeyPem = keys.publicKeyPem;
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    target: "es2022",
    logLevel: "silent",
  });
  script = bundle.outputFiles[0]?.text ?? "";
  const { Miniflare } = loadMiniflare();
  miniflare = new Miniflare({
    modules: true,
    script,
    // The date wrangler.toml declares, and no compatibility flags, as there.
    compatibilityDate: /compatibility_date = "([^"]+)"/.exec(wranglerToml)?.[1] ?? "",
    compatibilityFlags: [],
    bindings: { FLOWS_PRIVATE_KEY: keys.privateKeyPem, META_APP_SECRET: APP_SECRET },
  });
});
afterAll(async () => {
  await miniflare?.dispose();
});

/** A request handed to the Worker through miniflare, at `path`. */
async function worker(request: Request, path: string): Promise<Response> {
  const response = await miniflare.dispatchFetch(new URL(path, "http://worker.test").href, {
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body: request.method === "GET" ? undefined : await request.text(),
  });
  return new Response(await response.arrayBuffer(), {
    status: response.status,
    headers: Object.fromEntries(response.headers),
  });
}

describe("Cloudflare Worker example (workerd)", () => {
  it("answers the simulator on /flows: INIT, ping, and 432 for a forged signature", async () => {
    await expectFlowsEndpoint((request) => worker(request, "/flows"), publicKeyPem, "worker");
  });

  it("is mounted on /flows only, with no nodejs_compat", async () => {
    const elsewhere = await worker(
      new Request("http://worker.test/", { method: "POST", body: "{}" }),
      "/other",
    );
    expect(elsewhere.status).toBe(404);
    expect(wranglerToml).not.toMatch(/^compatibility_flags/m);
  });

  it("without FLOWS_PRIVATE_KEY answers 500 and says why in the log", async () => {
    let log = "";
    const { Miniflare } = loadMiniflare();
    const unconfigured = new Miniflare({
      modules: true,
      script,
      compatibilityDate: /compatibility_date = "([^"]+)"/.exec(wranglerToml)?.[1] ?? "",
      compatibilityFlags: [],
      // What `wrangler dev` and `wrangler tail` would show.
      handleRuntimeStdio(stdout, stderr) {
        for (const stream of [stdout, stderr])
          stream.setEncoding("utf8").on("data", (chunk: string) => {
            log += chunk;
          });
      },
    });
    try {
      const response = await unconfigured.dispatchFetch("http://worker.test/flows", {
        method: "POST",
        body: "{}",
      });
      expect(response.status).toBe(500);
      await response.arrayBuffer();
      // The log arrives on workerd's own pipe: wait for it (the test's timeout is the hang guard).
      while (!log.includes("FLOWS_PRIVATE_KEY is not set"))
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(log).toContain(".dev.vars");
    } finally {
      await unconfigured.dispose();
    }
  });
});
