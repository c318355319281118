// The sender over real HTTP on loopback against a server that enforces the limit and injects
// faults after recording messages (test/support/messages-server.ts). Real timers; nothing is
// asserted about durations: only counts (duplicates, accounting, the limit at the server).
import { afterEach, describe, expect, it } from "vitest";
import { createD360Client } from "../src/index.js";
import { createSender, type SendResult } from "../src/sender/index.js";
import { type MessagesServer, startMessagesServer } from "./support/messages-server.js";
import { API_KEY } from "./support/secrets.js";

let server: MessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("sender over loopback", () => {
  it("faults of every kind: no duplicate, every message accounted for, each unknown recorded once", async () => {
    server = await startMessagesServer({ limit: 200, burst: 20, faults: 0.05, seed: 7 });
    // The default client retry (2): what it repeats must be only what was not processed.
    const client = createD360Client({
      apiKey: API_KEY,
      baseUrl: server.url,
      retry: 0,
      // When each request left: the limit is checked at send time, since a busy machine bunches
      // arrivals in the measuring server's event loop (test/sender-redis.test.ts says more).
      fetch: (request, init) => {
        request.headers.set("x-sent-at", String(performance.timeOrigin + performance.now()));
        return fetch(request, init);
      },
    });
    const results: SendResult[] = [];
    const sender = createSender({
      client,
      rate: 200,
      burst: 5,
      pairInterval: 0,
      onResult: (r) => results.push(r),
    });
    for (let i = 0; i < 600; i++)
      sender.add(
        {
          messaging_product: "whatsapp",
          to: `49${i % 150}`,
          type: "text",
          text: { body: `m${i}` },
        },
        { key: `k${i}` },
      );
    const totals = await sender.close();
    expect(totals.sent + totals.failed + totals.unknown).toBe(600);
    expect(results).toHaveLength(600);
    expect(server.duplicates()).toBe(0);
    const recorded = new Map(
      server.arrivals.filter((a) => a.answer !== 130429).map((a) => [a.key, a.answer]),
    );
    for (const r of results) {
      if (r.status === "outcome_unknown")
        expect(["reset", "cut", "502"]).toContain(recorded.get(r.key));
      if (r.status === "sent") expect(recorded.get(r.key)).toBe("ok");
    }
    // The faults were really exercised.
    expect(totals.unknown).toBeGreaterThan(30);
    // Rate 200 + burst 5, and 5 for what a busy process does between the grant and the write.
    expect(server.maxInWindow(1000, "sentAt")).toBeLessThanOrEqual(210);
  });
});
