// The webhook example end to end against the mock: the mock sends an incoming text as a signed
// webhook, the app verifies it and replies through the client, and the mock records the reply.
import type { AddressInfo } from "node:net";
import { createD360Client } from "@d360-messaging/client";
import { DEFAULT_API_KEY, startMockServer } from "@d360-messaging/mock-server";
import { serve } from "@hono/node-server";
import { afterEach, expect, it } from "vitest";
import { createApp } from "../hono-webhooks/app.js";

const SECRET = "example-webhook-secret-3f2e1d";
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * The app on a loopback port. It needs the mock's URL (for its client) and the mock needs the
 * app's (for its webhooks): the port is bound first, the app handed in once the mock runs.
 */
async function listenLate(): Promise<{ url: string; use(fetch: Fetch): void }> {
  let app: Fetch = () => new Response("not ready", { status: 503 });
  const server = serve({ fetch: (request) => app(request), port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return { url, use: (fetch) => (app = fetch) };
}

async function setUp(senderSecret: string) {
  const port = await listenLate();
  const mock = await startMockServer({
    webhooks: { url: port.url, secret: senderSecret, retry: 0 },
  });
  closers.push(() => mock.close());
  const client = createD360Client({ apiKey: DEFAULT_API_KEY, baseUrl: mock.url });
  port.use(createApp({ secret: SECRET, client }).fetch);
  return mock;
}

it("replies to an incoming text through the client: mock → app → client → mock", async () => {
  const mock = await setUp(SECRET);

  const outcome = await mock.webhooks.inbound({ from: "16505551234", text: "Hello there" });

  expect(outcome).toMatchObject({ ok: true, attempts: 1 });
  const replies = mock.requests.filter((r) => r.method === "POST" && r.path === "/messages");
  expect(replies).toHaveLength(1);
  expect(JSON.parse(replies[0]?.body ?? "")).toMatchObject({
    to: "16505551234",
    type: "text",
    text: { body: "You said: Hello there" },
  });
});

it("refuses a webhook signed with another secret, and sends no reply", async () => {
  const mock = await setUp("some-other-secret-value");
  const outcome = await mock.webhooks.inbound({ from: "16505551234", text: "Hello" });
  expect(outcome.ok).toBe(false);
  expect(mock.webhooks.deliveries.map((d) => d.status)).toEqual([401]);
  expect(mock.requests.filter((r) => r.path === "/messages")).toEqual([]);
});
