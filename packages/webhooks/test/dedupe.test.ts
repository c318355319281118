import { describe, expect, it } from "vitest";
import { createMemoryDedupeStore, createWebhookHandler, type WebhookEvent } from "../src/index.js";
import { payload, SECRET, signed360 } from "./helpers.js";

describe("deduplication", () => {
  it("a redelivered body reaches the handlers once", async () => {
    const seen: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      onEvent: (e) => void seen.push(e.key ?? ""),
    });
    const body = payload({
      messages: [{ id: "wamid.A" }],
      statuses: [{ id: "wamid.S", status: "sent" }],
    });
    for (let i = 0; i < 3; i++) expect((await handler(signed360(body))).status).toBe(200);
    expect(seen).toEqual(["message:wamid.A", "status:wamid.S:sent"]);
  });

  it("statuses are keyed by id and status: sent, delivered, read of one message all arrive", async () => {
    const seen: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      on: { status: (e) => void seen.push(e.status) },
    });
    for (const status of ["sent", "delivered", "sent", "read", "delivered"]) {
      await handler(signed360(payload({ statuses: [{ id: "wamid.M", status }] })));
    }
    expect(seen).toEqual(["sent", "delivered", "read"]);
  });

  it("a failing handler releases its claim: 500, and the redelivery is processed", async () => {
    let fail = true;
    const processed: string[] = [];
    const codes: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      on: {
        message: (e) => {
          if (fail) throw new Error("database down");
          processed.push(e.message.id);
        },
      },
      onError: (f) => void codes.push(f.code),
    });
    const body = payload({ messages: [{ id: "wamid.F" }] });
    expect((await handler(signed360(body))).status).toBe(500);
    fail = false;
    expect((await handler(signed360(body))).status).toBe(200);
    expect((await handler(signed360(body))).status).toBe(200);
    expect(processed).toEqual(["wamid.F"]);
    expect(codes).toEqual(["handler-failed"]);
  });

  it("a failure part-way: the events before it stay done, the redelivery runs the rest", async () => {
    const runs: string[] = [];
    let failOn: string | undefined = "wamid.2";
    const handler = createWebhookHandler({
      secret: SECRET,
      on: {
        message: (e) => {
          runs.push(e.message.id);
          if (e.message.id === failOn) throw new Error("boom");
        },
      },
    });
    const body = payload({ messages: [{ id: "wamid.1" }, { id: "wamid.2" }, { id: "wamid.3" }] });
    expect((await handler(signed360(body))).status).toBe(500);
    failOn = undefined;
    expect((await handler(signed360(body))).status).toBe(200);
    expect(runs).toEqual(["wamid.1", "wamid.2", "wamid.2", "wamid.3"]);
  });

  it("concurrent redeliveries in one process: each event once", async () => {
    const counts = new Map<string, number>();
    const handler = createWebhookHandler({
      secret: SECRET,
      onEvent: async (e: WebhookEvent) => {
        await new Promise((r) => setTimeout(r, 1));
        counts.set(e.key as string, (counts.get(e.key as string) ?? 0) + 1);
      },
    });
    const body = payload({ messages: [{ id: "wamid.C1" }, { id: "wamid.C2" }] });
    const answers = await Promise.all(Array.from({ length: 20 }, () => handler(signed360(body))));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(Object.fromEntries(counts)).toEqual({ "message:wamid.C1": 1, "message:wamid.C2": 1 });
  });

  it("dedupe: false hands every delivery over", async () => {
    let count = 0;
    const handler = createWebhookHandler({
      secret: SECRET,
      dedupe: false,
      onEvent: () => void count++,
    });
    const body = payload({ messages: [{ id: "wamid.N" }] });
    await handler(signed360(body));
    await handler(signed360(body));
    expect(count).toBe(2);
  });

  it("a store that fails to claim: 503 (redelivered), no handler runs", async () => {
    let count = 0;
    const codes: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      dedupe: {
        claim: () => Promise.reject(new Error("connection refused")),
        release: () => {},
      },
      onEvent: () => void count++,
      onError: (f) => void codes.push(f.code),
    });
    expect((await handler(signed360(payload({ messages: [{ id: "wamid.D" }] })))).status).toBe(503);
    expect(count).toBe(0);
    expect(codes).toEqual(["dedupe-failed"]);
  });
});

describe("createMemoryDedupeStore", () => {
  it("claims once until the TTL passes (injected clock)", () => {
    let now = 1_000;
    const store = createMemoryDedupeStore({ now: () => now });
    expect(store.claim("k", 100)).toBe(true);
    expect(store.claim("k", 100)).toBe(false);
    now += 99;
    expect(store.claim("k", 100)).toBe(false);
    now += 1;
    expect(store.claim("k", 100)).toBe(true);
  });

  it("release frees a key", () => {
    const store = createMemoryDedupeStore();
    expect(store.claim("k", 1000)).toBe(true);
    store.release("k");
    expect(store.claim("k", 1000)).toBe(true);
  });

  it("keeps at most maxEntries keys, forgetting the least recently claimed first", () => {
    const store = createMemoryDedupeStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c"]) store.claim(key, 1000);
    store.claim("d", 1000); // forgets "a"
    expect(store.size).toBe(3);
    expect(store.claim("b", 1000)).toBe(false);
    // "a" was forgotten, so it is claimable again; that forgets "b", the oldest claim left.
    expect(store.claim("a", 1000)).toBe(true);
    expect(store.claim("c", 1000)).toBe(false);
    expect(store.claim("d", 1000)).toBe(false);
    expect(store.size).toBe(3);
    expect(store.claim("b", 1000)).toBe(true);
  });

  it("rejects a maxEntries below 1", () => {
    expect(() => createMemoryDedupeStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
