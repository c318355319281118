import { type RedisServer, startRedisServer } from "@d360-messaging/node-lines/redis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler, type WebhookEvent } from "../src/index.js";
import { createRedisDedupeStore } from "../src/redis/index.js";
import { payload, SECRET, signed360 } from "./helpers.js";

let server: RedisServer;
// Quit in teardown; typed by what is called (node-redis v6 client types are deeply generic).
const clients: { quit(): Promise<unknown> }[] = [];

async function connect() {
  const client = createClient({ url: server.url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startRedisServer("the Redis dedupe store");
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => {})));
  await server?.stop();
});

describe("createRedisDedupeStore on a real redis-server", () => {
  it("claims with SET NX PX: once, until released or expired", async () => {
    const client = await connect();
    const store = createRedisDedupeStore({ client, prefix: "t1:" });
    expect(await store.claim("k", 60_000)).toBe(true);
    expect(await store.claim("k", 60_000)).toBe(false);
    const ttl = Number(await client.sendCommand(["PTTL", "t1:k"]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.release("k");
    expect(await store.claim("k", 60_000)).toBe(true);
    // A claim whose TTL has passed is free again (Redis expires it; forced here with PEXPIRE 1).
    await client.sendCommand(["PEXPIRE", "t1:k", "1"]);
    while (Number(await client.sendCommand(["EXISTS", "t1:k"])) === 1) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await store.claim("k", 60_000)).toBe(true);
  });

  it("two handler instances sharing it process each event exactly once under concurrent redeliveries", async () => {
    const processed = new Map<string, number>();
    const count = async (event: WebhookEvent) => {
      // Some work between the claim and the end, so the redeliveries overlap.
      await new Promise((r) => setTimeout(r, 2));
      processed.set(event.key as string, (processed.get(event.key as string) ?? 0) + 1);
    };
    const [a, b] = [await connect(), await connect()];
    const one = createWebhookHandler({
      secret: SECRET,
      dedupe: createRedisDedupeStore({ client: a, prefix: "t2:" }),
      onEvent: count,
    });
    const two = createWebhookHandler({
      secret: SECRET,
      dedupe: createRedisDedupeStore({ client: b, prefix: "t2:" }),
      onEvent: count,
    });
    const bodies = Array.from({ length: 10 }, (_, i) =>
      payload({
        messages: [{ id: `wamid.R${i}` }],
        statuses: [
          { id: `wamid.S${i}`, status: "sent" },
          { id: `wamid.S${i}`, status: "delivered" },
        ],
      }),
    );
    // Each body delivered five times, alternately to each instance, all at once.
    const deliveries = bodies.flatMap((body) =>
      Array.from({ length: 5 }, (_, n) => (n % 2 === 0 ? one : two)(signed360(body))),
    );
    const answers = await Promise.all(deliveries);
    expect(answers.map((r) => r.status)).toEqual(deliveries.map(() => 200));
    expect(processed.size).toBe(30);
    expect([...processed.values()].every((n) => n === 1)).toBe(true);
  });

  it("a failing handler on one instance releases the claim; the redelivery to the other processes it", async () => {
    const [a, b] = [await connect(), await connect()];
    const seen: string[] = [];
    const failing = createWebhookHandler({
      secret: SECRET,
      dedupe: createRedisDedupeStore({ client: a, prefix: "t3:" }),
      onEvent: () => {
        throw new Error("down");
      },
    });
    const working = createWebhookHandler({
      secret: SECRET,
      dedupe: createRedisDedupeStore({ client: b, prefix: "t3:" }),
      onEvent: (e) => void seen.push(e.key as string),
    });
    const body = payload({ messages: [{ id: "wamid.X" }] });
    expect((await failing(signed360(body))).status).toBe(500);
    expect((await working(signed360(body))).status).toBe(200);
    expect((await working(signed360(body))).status).toBe(200);
    expect(seen).toEqual(["message:wamid.X"]);
  });

  it("refuses a client without sendCommand", () => {
    expect(() => createRedisDedupeStore({ client: {} as never })).toThrow(TypeError);
  });
});
