// The sender on fake time: a real client whose `fetch` is an in-process API that enforces the
// number's limit and the pair limit (test/support/fake-api.ts). Waits of seconds take no time;
// nothing here measures the wall clock.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createD360Client } from "../src/index.js";
import { createSender, type SenderOptions, type SendResult } from "../src/sender/index.js";
import { type FakeApiOptions, fakeApi } from "./support/fake-api.js";
import { API_KEY, expectNoLeak, record } from "./support/secrets.js";

afterAll(() => expectNoLeak());

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(api: FakeApiOptions = {}, options: Partial<SenderOptions> = {}) {
  const server = fakeApi(api);
  // retry: 0 — the sender decides what is sent again; the client's own retry is tested apart.
  const client = createD360Client({ apiKey: API_KEY, fetch: server.fetch, retry: 0 });
  const results: SendResult[] = [];
  const sender = createSender({
    client,
    onResult: (result) => {
      results.push(result);
      if ("error" in result) record(result.error);
    },
    ...options,
  });
  return { server, sender, results };
}

const text = (to: string, body = "hello") => ({
  messaging_product: "whatsapp" as const,
  to,
  type: "text" as const,
  text: { body },
});

/** Run fake time until the sender is done (close() resolves). */
async function finish(sender: ReturnType<typeof createSender>, step = 100) {
  let done = false;
  const totals = sender.close().then((t) => {
    done = true;
    return t;
  });
  for (let i = 0; !done && i < 100_000; i++) await vi.advanceTimersByTimeAsync(step);
  return totals;
}

describe("pacing", () => {
  it("keeps to rate + burst in any second, and uses the rate", async () => {
    const { server, sender } = setup({}, { rate: 20, burst: 2 });
    for (let i = 0; i < 200; i++) sender.add(text(`49170${i}`));
    const totals = await finish(sender, 10);
    expect(totals).toMatchObject({ added: 200, sent: 200, done: 200 });
    expect(server.maxInWindow(1000)).toBeLessThanOrEqual(22);
    const span = (server.received.at(-1)?.at ?? 0) - (server.received[0]?.at ?? 0);
    // 200 at 20/s after a burst of 2: 9.9 s of fake time, not much more.
    expect(span).toBeGreaterThanOrEqual(9_800);
    expect(span).toBeLessThanOrEqual(10_500);
  });

  it("never has more than `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const client = createD360Client({
      apiKey: API_KEY,
      retry: 0,
      fetch: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 500));
        inFlight--;
        return Response.json({ messages: [{ id: "wamid.x" }] });
      },
    });
    const sender = createSender({ client, rate: 1000, burst: 100, concurrency: 5 });
    for (let i = 0; i < 50; i++) sender.add(text(`1${i}`));
    await finish(sender);
    expect(most).toBe(5);
  });

  it("spaces one recipient's messages by the pair limit without holding up the others", async () => {
    const { server, sender, results } = setup({ pairInterval: 6000 }, { rate: 10, burst: 1 });
    for (let i = 0; i < 4; i++) sender.add(text("4900", `m${i}`));
    for (let i = 0; i < 20; i++) sender.add(text(`49${i + 100}`));
    await finish(sender);
    expect(results.every((r) => r.status === "sent")).toBe(true);
    const one = server.received.filter((r) => r.to === "4900").map((r) => r.at);
    expect(one).toHaveLength(4);
    for (let i = 1; i < one.length; i++)
      expect((one[i] as number) - (one[i - 1] as number)).toBeGreaterThanOrEqual(6000);
    // In order.
    expect(
      server.received
        .filter((r) => r.to === "4900")
        .map((r) => (r.body.text as { body: string }).body),
    ).toEqual(["m0", "m1", "m2", "m3"]);
    // The 20 others went out at the rate while 4900 waited: all within ~2.1 s.
    const others = server.received
      .filter((r) => r.to !== "4900")
      .map((r) => r.at - (server.received[0]?.at ?? 0));
    expect(Math.max(...others)).toBeLessThan(3000);
    expect(server.received.every((r) => r.answer === "ok")).toBe(true);
  });

  it("slows down when the API answers 130429 and comes back up (AIMD)", async () => {
    // The number really takes 10/s; the sender was told 40/s.
    const { server, sender, results } = setup({ limit: 10, burst: 1 }, { rate: 40, burst: 1 });
    for (let i = 0; i < 300; i++) sender.add(text(`4917${i}`));
    const totals = await finish(sender, 10);
    expect(totals.sent).toBe(300);
    expect(results.every((r) => r.status === "sent")).toBe(true);
    expect(server.duplicates()).toBe(0);
    const refused = server.received.filter((r) => r.answer === 130429).length;
    // The number's limit was met (else there was nothing to adapt to).
    expect(refused).toBeGreaterThan(0);
    // A fixed 40/s would be refused three times out of four (900 refusals for 300 messages);
    // adapting keeps refusals to a small share of the requests.
    expect(refused / server.received.length).toBeLessThan(0.25);
    expect(totals.rateLimited).toBe(refused);
  });

  it("backs off one recipient on 131056 and keeps sending to the others", async () => {
    let refusals = 2;
    const { server, sender, results } = setup(
      {
        fault: (body) => (body.to === "4911" && refusals-- > 0 ? 131056 : undefined),
      },
      { rate: 10, burst: 1, pairInterval: 0 },
    );
    sender.add(text("4911"));
    for (let i = 0; i < 30; i++) sender.add(text(`49${i + 200}`));
    await finish(sender);
    expect(results.filter((r) => r.status === "sent")).toHaveLength(31);
    const tries = server.received.filter((r) => r.to === "4911").map((r) => r.at);
    expect(tries).toHaveLength(3);
    // Exponential per-recipient back-off from the pair interval default (6 s), then 12 s.
    expect((tries[1] as number) - (tries[0] as number)).toBeGreaterThanOrEqual(6000);
    expect((tries[2] as number) - (tries[1] as number)).toBeGreaterThanOrEqual(12000);
    // The others did not wait for it: all 30 within ~3.1 s.
    const start = server.received[0]?.at ?? 0;
    const others = server.received.filter((r) => r.to !== "4911").map((r) => r.at - start);
    expect(Math.max(...others)).toBeLessThan(3500);
  });
});

describe("results", () => {
  it.each([
    [131026, "invalid_recipient"],
    [132001, "template"],
    [131042, "payment"],
    [368, "policy"],
  ] as const)("Meta's %i is failed (%s) after one request", async (code, reason) => {
    const { server, sender, results } = setup({ fault: () => code });
    sender.add(text("4912"));
    await finish(sender);
    expect(server.received).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: "failed",
      reason,
      attempts: 1,
      error: { name: "ApiError", code },
    });
  });

  it("a message refused unprocessed maxAttempts times is failed (rate_limit, connection); refused during an abort, not_attempted", async () => {
    const limited = setup({ fault: () => 130429 }, { maxAttempts: 3 });
    limited.sender.add(text("4913"), { key: "limited" });
    await finish(limited.sender);
    expect(limited.server.received).toHaveLength(3);
    expect(limited.results).toEqual([
      expect.objectContaining({ status: "failed", reason: "rate_limit", attempts: 3 }),
    ]);

    const refused = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    });
    const offline = createD360Client({
      apiKey: API_KEY,
      retry: 0,
      fetch: () => Promise.reject(refused),
    });
    const unreachable: SendResult[] = [];
    const down = createSender({
      client: offline,
      maxAttempts: 2,
      onResult: (r) => unreachable.push(r),
    });
    down.add(text("4914"), { key: "down" });
    await finish(down);
    expect(unreachable).toEqual([
      expect.objectContaining({ status: "failed", reason: "connection", attempts: 2 }),
    ]);

    // Refused (answered late) after the sender was stopped: not sent, so safe to send again.
    const server = fakeApi({ fault: () => 130429 });
    const late = createD360Client({
      apiKey: API_KEY,
      retry: 0,
      fetch: async (request) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return server.fetch(request);
      },
    });
    const stopping: SendResult[] = [];
    const slow = createSender({ client: late, onResult: (r) => stopping.push(r) });
    slow.add(text("4915"), { key: "slow" });
    await vi.advanceTimersByTimeAsync(10);
    const totals = slow.abort();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await totals).toMatchObject({ notAttempted: 1, failed: 0 });
    expect(server.received).toHaveLength(1);
    expect(stopping).toEqual([
      expect.objectContaining({ status: "not_attempted", key: "slow", attempts: 1 }),
    ]);
  });

  it("a reset after the message was recorded is outcome_unknown, never sent twice; a status webhook resolves it", async () => {
    const { server, sender, results } = setup({
      fault: (_b, i) => (i === 0 ? "reset" : undefined),
    });
    const key = sender.add(text("4913"), { key: "order-7" });
    sender.add(text("4914"));
    await finish(sender);
    expect(key).toBe("order-7");
    expect(server.received.filter((r) => r.key === "order-7")).toHaveLength(1);
    expect(results.find((r) => r.key === "order-7")).toMatchObject({
      status: "outcome_unknown",
      error: { name: "OutcomeUnknownError", key: "order-7" },
    });
    expect(sender.unresolved()).toEqual(["order-7"]);
    // The webhooks package's status event shape.
    const event = {
      kind: "status" as const,
      statusUpdate: {
        id: "wamid.LATE",
        status: "delivered",
        recipient_id: "4913",
        biz_opaque_callback_data: "order-7",
      },
    };
    expect(sender.reconcile(event)).toMatchObject({
      key: "order-7",
      outcome: "sent",
      wamid: "wamid.LATE",
      to: "4913",
    });
    expect(sender.reconcile(event)).toBeUndefined();
    expect(
      sender.reconcile({ id: "wamid.other", status: "sent", biz_opaque_callback_data: "nope" }),
    ).toBeUndefined();
    expect(sender.unresolved()).toEqual([]);
  });

  it("a status 'failed' reconciles to failed", async () => {
    const { sender } = setup({ fault: () => "reset" });
    sender.add(text("4915"), { key: "k-failed" });
    await finish(sender);
    expect(
      sender.reconcile({ id: "wamid.F", status: "failed", biz_opaque_callback_data: "k-failed" }),
    ).toMatchObject({ outcome: "failed" });
  });

  it("sends the key as biz_opaque_callback_data; keeps the message's own; generates one otherwise", async () => {
    const { server, sender } = setup();
    sender.add(text("4916"), { key: "mine" });
    sender.add({ ...text("4917"), biz_opaque_callback_data: "theirs" });
    const generated = sender.add(text("4918"));
    await finish(sender);
    expect(server.received.map((r) => r.key).sort()).toEqual(["mine", "theirs", generated].sort());
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => sender.add(text("4919"))).toThrow(/closed/);
  });

  it("refuses a key that contradicts the message's, or is too long, or a message without `to`", () => {
    const { sender } = setup();
    expect(() => sender.add({ ...text("1"), biz_opaque_callback_data: "a" }, { key: "b" })).toThrow(
      TypeError,
    );
    expect(() => sender.add(text("1"), { key: "x".repeat(513) })).toThrow(/512/);
    expect(() => sender.add({ ...text("1"), to: "" })).toThrow(/to/);
  });

  it("send() resolves with the message's result", async () => {
    const { sender } = setup();
    const result = sender.send(text("4920"), { key: "one" });
    await vi.advanceTimersByTimeAsync(10);
    await expect(result).resolves.toMatchObject({ status: "sent", key: "one", wamid: "wamid.1" });
  });
});

describe("lifetime", () => {
  it("abort stops cleanly and says which messages were not attempted", async () => {
    const { server, sender, results } = setup({}, { rate: 10, burst: 1 });
    for (let i = 0; i < 100; i++) sender.add(text(`4930${i}`), { key: `k${i}` });
    await vi.advanceTimersByTimeAsync(2_050);
    const totals = await sender.abort();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.received.length).toBe(totals.sent);
    expect(totals.sent).toBeGreaterThanOrEqual(20);
    expect(totals.sent + totals.notAttempted).toBe(100);
    const notAttempted = results.filter((r) => r.status === "not_attempted").map((r) => r.key);
    const sentKeys = new Set(server.received.map((r) => r.key));
    expect(notAttempted.some((k) => sentKeys.has(k))).toBe(false);
    expect(notAttempted).toHaveLength(totals.notAttempted);
  });

  it("an AbortSignal stops it too", async () => {
    const controller = new AbortController();
    const { sender } = setup({}, { rate: 1, burst: 1, signal: controller.signal });
    for (let i = 0; i < 10; i++) sender.add(text(`4940${i}`));
    await vi.advanceTimersByTimeAsync(1_500);
    controller.abort();
    const totals = await sender.close();
    expect(totals.sent + totals.notAttempted).toBe(10);
    expect(totals.notAttempted).toBeGreaterThan(0);
  });

  it("stops, without sending, when the shared store fails (no send without a limit)", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const store = { take: async () => Promise.reject(new Error("ECONNREFUSED redis")) };
    const { server, sender, results } = setup({}, { store });
    for (let i = 0; i < 5; i++) sender.add(text(`4950${i}`));
    await vi.advanceTimersByTimeAsync(10);
    const totals = await sender.close();
    expect(server.received).toHaveLength(0);
    expect(totals.notAttempted).toBe(5);
    expect(results.every((r) => r.status === "not_attempted")).toBe(true);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it("holds 100,000 pending messages with one timer, not one per message", async () => {
    const { sender } = setup({}, { rate: 1, burst: 1 });
    for (let i = 0; i < 100_000; i++) sender.add(text(`49${i}`));
    expect(sender.totals.added).toBe(100_000);
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
    const totals = await sender.abort();
    expect(totals.sent + totals.notAttempted).toBe(100_000);
  });
});
