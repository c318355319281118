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

  it("concurrent redeliveries in one process: each event once, the ones that overlap answered 503 and redelivered", async () => {
    const counts = new Map<string, number>();
    const codes = new Set<string>();
    const handler = createWebhookHandler({
      secret: SECRET,
      onEvent: async (e: WebhookEvent) => {
        await new Promise((r) => setTimeout(r, 1));
        counts.set(e.key as string, (counts.get(e.key as string) ?? 0) + 1);
      },
      onError: (f) => void codes.add(f.code),
    });
    const body = payload({ messages: [{ id: "wamid.C1" }, { id: "wamid.C2" }] });
    // As the sender does: whatever is not answered 2xx is delivered again.
    let pending = 20;
    for (let round = 0; pending > 0; round++) {
      if (round === 50) throw new Error(`still ${pending} deliveries not answered 200`);
      const answers = await Promise.all(
        Array.from({ length: pending }, () => handler(signed360(body))),
      );
      expect(answers.every((r) => r.status === 200 || r.status === 503)).toBe(true);
      pending = answers.filter((r) => r.status !== 200).length;
    }
    expect(Object.fromEntries(counts)).toEqual({ "message:wamid.C1": 1, "message:wamid.C2": 1 });
    expect([...codes].every((code) => code === "event-in-progress")).toBe(true);
  });

  it("a delivery while another is processing the event: 503, then skipped once that one succeeded", async () => {
    let finish: () => void = () => {};
    let runs = 0;
    const codes: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      onEvent: () => {
        runs++;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
      onError: (f) => void codes.push(f.code),
    });
    const body = payload({ messages: [{ id: "wamid.P" }] });
    const first = handler(signed360(body));
    while (runs === 0) await new Promise((r) => setTimeout(r, 1));
    expect((await handler(signed360(body))).status).toBe(503);
    expect(codes).toEqual(["event-in-progress"]);
    finish();
    expect((await first).status).toBe(200);
    expect((await handler(signed360(body))).status).toBe(200);
    expect(runs).toBe(1);
  });

  it("a process that dies while its handler runs holds the event only for dedupeLeaseMs: then a redelivery processes it", async () => {
    let now = 1_000_000;
    const store = createMemoryDedupeStore({ now: () => now });
    const processed: string[] = [];
    // Two handlers on one store stand for two processes; the first never finishes (it "died").
    const dying = createWebhookHandler({
      secret: SECRET,
      dedupe: store,
      dedupeLeaseMs: 30_000,
      timeoutMs: 0,
      onEvent: () => new Promise<void>(() => {}),
    });
    const alive = createWebhookHandler({
      secret: SECRET,
      dedupe: store,
      dedupeLeaseMs: 30_000,
      onEvent: (e) => void processed.push(e.key as string),
    });
    const body = payload({ messages: [{ id: "wamid.DEAD" }] });
    void dying(signed360(body));
    while (store.size === 0) await new Promise((r) => setTimeout(r, 1));
    expect((await alive(signed360(body))).status).toBe(503);
    now += 29_999;
    expect((await alive(signed360(body))).status).toBe(503);
    now += 1;
    expect((await alive(signed360(body))).status).toBe(200);
    expect((await alive(signed360(body))).status).toBe(200);
    expect(processed).toEqual(["message:wamid.DEAD"]);
  });

  it("a key twice in one body is processed once, without a 503", async () => {
    const seen: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      onEvent: (e) => void seen.push(e.key as string),
    });
    const body = payload({ messages: [{ id: "wamid.TWICE" }, { id: "wamid.TWICE" }] });
    expect((await handler(signed360(body))).status).toBe(200);
    expect(seen).toEqual(["message:wamid.TWICE"]);
  });

  it("a store that cannot mark an event processed: still 200 (it was processed), reported", async () => {
    const memory = createMemoryDedupeStore();
    let count = 0;
    const failures: [string, number | undefined][] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      dedupe: {
        claim: (key, leaseMs) => memory.claim(key, leaseMs),
        complete: () => Promise.reject(new Error("connection reset")),
        release: (key) => memory.release(key),
      },
      onEvent: () => void count++,
      onError: (f) => void failures.push([f.code, f.status]),
    });
    const body = payload({ messages: [{ id: "wamid.C" }] });
    expect((await handler(signed360(body))).status).toBe(200);
    expect(count).toBe(1);
    expect(failures).toEqual([["dedupe-failed", undefined]]);
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
        complete: () => {},
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
  it("a claim is in progress until its lease runs out (injected clock)", () => {
    let now = 1_000;
    const store = createMemoryDedupeStore({ now: () => now });
    expect(store.claim("k", 100)).toBe("claimed");
    expect(store.claim("k", 100)).toBe("in-progress");
    now += 99;
    expect(store.claim("k", 100)).toBe("in-progress");
    now += 1;
    expect(store.claim("k", 100)).toBe("claimed");
  });

  it("a completed key is done until its TTL runs out, and a release leaves it", () => {
    let now = 1_000;
    const store = createMemoryDedupeStore({ now: () => now });
    expect(store.claim("k", 100)).toBe("claimed");
    store.complete("k", 10_000);
    now += 5_000;
    expect(store.claim("k", 100)).toBe("done");
    store.release("k");
    expect(store.claim("k", 100)).toBe("done");
    now += 5_000;
    expect(store.claim("k", 100)).toBe("claimed");
  });

  it("release frees a key in progress", () => {
    const store = createMemoryDedupeStore();
    expect(store.claim("k", 1000)).toBe("claimed");
    store.release("k");
    expect(store.claim("k", 1000)).toBe("claimed");
  });

  it("keeps at most maxEntries keys, forgetting the least recently claimed first", () => {
    const store = createMemoryDedupeStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c"]) store.claim(key, 1000);
    store.claim("d", 1000); // forgets "a"
    expect(store.size).toBe(3);
    expect(store.claim("b", 1000)).toBe("in-progress");
    // "a" was forgotten, so it is claimable again; that forgets "b", the oldest claim left.
    expect(store.claim("a", 1000)).toBe("claimed");
    expect(store.claim("c", 1000)).toBe("in-progress");
    expect(store.claim("d", 1000)).toBe("in-progress");
    expect(store.size).toBe(3);
    expect(store.claim("b", 1000)).toBe("claimed");
  });

  it("rejects a maxEntries below 1", () => {
    expect(() => createMemoryDedupeStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
