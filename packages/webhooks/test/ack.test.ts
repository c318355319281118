import { afterEach, describe, expect, it, vi } from "vitest";
import { createWebhookHandler, isWebhookTimeoutError, type WebhookFailure } from "../src/index.js";
import { payload, SECRET, signed360 } from "./helpers.js";

afterEach(() => {
  vi.useRealTimers();
});

/** A promise resolved when `mark` is called: the handler has been entered (crypto is done). */
function entered() {
  let mark: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    mark = resolve;
  });
  return { mark, reached };
}

describe("process then answer (default)", () => {
  it("a handler past timeoutMs: 503 with the signal aborted; a late success keeps the claim", async () => {
    vi.useFakeTimers();
    const failures: WebhookFailure[] = [];
    let finish: () => void = () => {};
    let signal: AbortSignal | undefined;
    let runs = 0;
    const entry = entered();
    const handler = createWebhookHandler({
      secret: SECRET,
      timeoutMs: 5_000,
      onEvent: (_e, context) => {
        runs++;
        entry.mark();
        signal = context.signal;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
      onError: (f) => void failures.push(f),
    });
    const body = payload({ messages: [{ id: "wamid.T" }] });
    const answer = handler(signed360(body));
    await entry.reached;
    await vi.advanceTimersByTimeAsync(5_000);
    const response = await answer;
    expect(response.status).toBe(503);
    expect(signal?.aborted).toBe(true);
    expect(isWebhookTimeoutError(signal?.reason)).toBe(true);
    expect(failures.map((f) => f.code)).toEqual(["handler-timeout"]);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    // The work finished after all: the redelivery (caused by the 503) is skipped.
    expect((await handler(signed360(body))).status).toBe(200);
    expect(runs).toBe(1);
  });

  it("a late failure after the 503 releases the claim: a redelivery meanwhile gets 503, the next is processed", async () => {
    vi.useFakeTimers();
    let fail: (error: Error) => void = () => {};
    let runs = 0;
    const failures: WebhookFailure[] = [];
    const entry = entered();
    const handler = createWebhookHandler({
      secret: SECRET,
      timeoutMs: 1_000,
      onEvent: () => {
        runs++;
        entry.mark();
        if (runs > 1) return;
        return new Promise<void>((_, reject) => {
          fail = reject;
        });
      },
      onError: (f) => void failures.push(f),
    });
    const body = payload({ messages: [{ id: "wamid.L" }] });
    const answer = handler(signed360(body));
    await entry.reached;
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await answer).status).toBe(503);
    // With a claim that counted as processed, this would be a 200 and the event would be lost
    // when the first delivery fails below: the sender would never come back.
    expect((await handler(signed360(body))).status).toBe(503);
    fail(new Error("late"));
    await vi.advanceTimersByTimeAsync(0);
    expect(failures.map((f) => [f.code, f.status])).toEqual([
      ["handler-timeout", 503],
      ["event-in-progress", 503],
      ["handler-failed", undefined],
    ]);
    expect((await handler(signed360(body))).status).toBe(200);
    expect(runs).toBe(2);
  });

  it("timeoutMs: 0 waits for the handlers however long they take", async () => {
    vi.useFakeTimers();
    const entry = entered();
    const handler = createWebhookHandler({
      secret: SECRET,
      timeoutMs: 0,
      onEvent: () => {
        entry.mark();
        return new Promise<void>((resolve) => setTimeout(resolve, 60_000));
      },
    });
    const answer = handler(signed360(payload({ messages: [{ id: "wamid.Z" }] })));
    await entry.reached;
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await answer).status).toBe(200);
  });
});

describe('ack: "immediately"', () => {
  it("answers 200 before the handlers run, hands the work to waitUntil, reports failures", async () => {
    const failures: WebhookFailure[] = [];
    const waited: Promise<unknown>[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ran: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      ack: "immediately",
      waitUntil: (p) => void waited.push(p),
      on: {
        message: async (e) => {
          await gate;
          ran.push(e.message.id);
          throw new Error("after the answer");
        },
      },
      onError: (f) => void failures.push(f),
    });
    const response = await handler(signed360(payload({ messages: [{ id: "wamid.I" }] })));
    expect(response.status).toBe(200);
    expect(ran).toEqual([]);
    expect(waited).toHaveLength(1);
    release();
    await waited[0];
    expect(ran).toEqual(["wamid.I"]);
    expect(failures.map((f) => [f.code, f.status])).toEqual([["handler-failed", undefined]]);
    expect(failures[0]?.message).toMatch(/not redelivered/);
  });

  it("uses a Workers-style ctx.waitUntil when no waitUntil option is given", async () => {
    const waited: Promise<unknown>[] = [];
    let count = 0;
    const handler = createWebhookHandler({
      secret: SECRET,
      ack: "immediately",
      onEvent: () => void count++,
    });
    const ctx = { waitUntil: (p: Promise<unknown>) => void waited.push(p) };
    const response = await handler(signed360(payload({ messages: [{ id: "wamid.W" }] })), {}, ctx);
    expect(response.status).toBe(200);
    await Promise.all(waited);
    expect(waited).toHaveLength(1);
    expect(count).toBe(1);
  });

  it("still refuses a bad signature and bad input before answering", async () => {
    const handler = createWebhookHandler({ secret: SECRET, ack: "immediately", onEvent: () => {} });
    expect((await handler(signed360("{}", { secret: "wrong" }))).status).toBe(401);
    expect((await handler(signed360("{}"))).status).toBe(400);
  });
});
