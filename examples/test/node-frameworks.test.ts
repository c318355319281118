// The Node examples on real HTTP servers (loopback, port 0), driven by the WhatsApp simulator.
import type { AddressInfo } from "node:net";
import { generateKeyPair } from "@d360-messaging/keys";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp as createExpressApp } from "../express/app.js";
import { createApp as createFastifyApp } from "../fastify/app.js";
import { createApp as createHonoApp } from "../hono-node/app.js";
import { APP_SECRET, expectFlowsEndpoint } from "./simulator.js";

let keys: { privateKeyPem: string; publicKeyPem: string };
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  keys = await generateKeyPair();
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

const config = () => ({ privateKey: keys.privateKeyPem, appSecret: APP_SECRET });

const servers: Record<string, () => Promise<string>> = {
  express: async () => {
    const app = await createExpressApp(config());
    return new Promise((resolve) => {
      const server = app.listen(0, "127.0.0.1", () =>
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      );
      closers.push(() => new Promise((done) => server.close(done)));
    });
  },
  fastify: async () => {
    const app = await createFastifyApp(config());
    closers.push(() => app.close());
    return app.listen({ port: 0, host: "127.0.0.1" });
  },
  hono: async () => {
    const app = await createHonoApp(config());
    return new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
        resolve(`http://127.0.0.1:${info.port}`),
      );
      closers.push(() => new Promise((done) => server.close(done)));
    });
  },
};

describe.each(Object.keys(servers))("%s example", (name) => {
  let base: string;
  beforeAll(async () => {
    base = await (servers[name] as () => Promise<string>)();
  });

  it("answers the simulator on /flows: INIT, ping, and 432 for a forged signature", async () => {
    await expectFlowsEndpoint(`${base}/flows`, keys.publicKeyPem, name);
  });

  it("is mounted on /flows only", async () => {
    const elsewhere = await fetch(`${base}/other`, { method: "POST", body: "{}" });
    expect(elsewhere.status).toBe(404);
    const get = await fetch(`${base}/flows`);
    expect(get.status).toBe(405);
  });
});
