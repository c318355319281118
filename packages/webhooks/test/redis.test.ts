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
  it("a claim is a lease (pending) until completed (done) or released; a release leaves a done key", async () => {
    const client = await connect();
    const store = createRedisDedupeStore({ client, prefix: "t1:" });
    expect(await store.claim("k", 60_000)).toBe("claimed");
    expect(await store.claim("k", 60_000)).toBe("in-progress");
    expect(await client.sendCommand(["GET", "t1:k"])).toBe("pending");
    const lease = Number(await client.sendCommand(["PTTL", "t1:k"]));
    expect(lease).toBeGreaterThan(0);
    expect(lease).toBeLessThanOrEqual(60_000);
    await store.release("k");
    expect(await store.claim("k", 60_000)).toBe("claimed");
    await store.complete("k", 7 * 24 * 60 * 60 * 1000);
    expect(await client.sendCommand(["GET", "t1:k"])).toBe("done");
    expect(Number(await client.sendCommand(["PTTL", "t1:k"]))).toBeGreaterThan(60_000);
    expect(await store.claim("k", 60_000)).toBe("done");
    await store.release("k");
    expect(await store.claim("k", 60_000)).toBe("done");
    // A lease that has run out is free again (Redis expires it; forced here with PEXPIRE 1).
    expect(await store.claim("lease", 60_000)).toBe("claimed");
    await client.sendCommand(["PEXPIRE", "t1:lease", "1"]);
    while (Number(await client.sendCommand(["EXISTS", "t1:lease"])) === 1) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await store.claim("lease", 60_000)).toBe("claimed");
  });

  it("of many concurrent claims of one key exactly one is claimed", async () => {
    const clients = [await connect(), await connect(), await connect()];
    const stores = clients.map((client) => createRedisDedupeStore({ client, prefix: "t4:" }));
    const states = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stores[i % 3]?.claim("race", 60_000)),
    );
    expect(states.filter((s) => s === "claimed")).toHaveLength(1);
    expect(states.filter((s) => s === "in-progress")).toHaveLength(59);
  });

  it("a process that dies mid-handler: the other instance answers 503 until the lease runs out, then processes the event", async () => {
    const [a, b] = [await connect(), await connect()];
    const processed: string[] = [];
    const dying = createWebhookHandler({
      secret: SECRET,
      dedupe: createRedisDedupeStore({ client: a, prefix: "t5:" }),
      timeoutMs: 0,
      onEvent: () => new Promise<void>(() => {}),
    });
    const alive = createWebhookHandler({
      secret: SECRET,
      dedupe: createRedisDedupeStore({ client: b, prefix: "t5:" }),
      onEvent: (e) => void processed.push(e.key as string),
    });
    const body = payload({ messages: [{ id: "wamid.DIED" }] });
    void dying(signed360(body));
    while (Number(await b.sendCommand(["EXISTS", "t5:message:wamid.DIED"])) === 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await alive(signed360(body))).status).toBe(503);
    // The lease (60 s by default) runs out; forced here.
    await b.sendCommand(["PEXPIRE", "t5:message:wamid.DIED", "1"]);
    while (Number(await b.sendCommand(["EXISTS", "t5:message:wamid.DIED"])) === 1) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await alive(signed360(body))).status).toBe(200);
    expect((await alive(signed360(body))).status).toBe(200);
    expect(processed).toEqual(["message:wamid.DIED"]);
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
    // Each body delivered five times, alternately to each instance, all at once; whatever is
    // not answered 2xx (503 while another delivery holds the event) is delivered again, as the
    // sender does, until every delivery has its 200.
    let pending = bodies.flatMap((body) => Array.from({ length: 5 }, () => body));
    for (let round = 0; pending.length > 0; round++) {
      if (round === 50) throw new Error(`still ${pending.length} deliveries not answered 200`);
      const answers = await Promise.all(
        pending.map((body, n) => (n % 2 === 0 ? one : two)(signed360(body))),
      );
      expect(answers.every((r) => r.status === 200 || r.status === 503)).toBe(true);
      pending = pending.filter((_, n) => answers[n]?.status !== 200);
    }
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
