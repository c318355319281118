// Timeouts per attempt and in total, and the caller's own AbortSignal. The timing rules run
// in process against the mock's handler under fake timers: the mock's `delayMs` fault and the
// client's timers are both setTimeout, so the clock moves only when a test moves it and no
// assertion depends on how busy the machine is. Over real sockets, only outcomes that a slow
// machine cannot change (a server far slower than every limit, a fetch that never answers).
import { createMockHandler, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createD360Client, isTimeoutError } from "../src/index.js";
import { keys } from "./support/keys.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

const PATH = "/whatsapp_business_encryption";
afterAll(() => expectNoLeak());

type Options = Parameters<typeof createD360Client>[0];

function setup(options: Partial<Options> = {}) {
  const mock = createMockHandler({ apiKeys: [API_KEY] });
  const client = createD360Client({ apiKey: API_KEY, fetch: mock, ...options });
  return { client, mock };
}

/** Whether `promise` has settled yet, without awaiting it. */
function watch(promise: Promise<unknown>): { readonly settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

/** Real event-loop turns (setImmediate is not faked) until the mock has seen `count` requests. */
async function untilReceived(mock: { requests: readonly unknown[] }, count: number) {
  while (mock.requests.length < count) await new Promise((resolve) => setImmediate(resolve));
}

describe("in process, under fake timers", () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("an attempt that exceeds `timeout` is abandoned at `timeout` and retried", async () => {
    const { client, mock } = setup({ timeout: 50, retry: { limit: 1, delay: 0 } });
    mock.faults.enqueue({ delayMs: 1000 });
    const result = client.encryption.getBusinessPublicKey();
    const call = watch(result);
    await untilReceived(mock, 1);
    await vi.advanceTimersByTimeAsync(49);
    expect(call.settled).toBe(false);
    expect(mock.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    await expect(result).resolves.toBeNull();
    expect(mock.requests).toHaveLength(2);
  });

  it("when every attempt is too slow: TimeoutError naming the `timeout` option", async () => {
    const { client, mock } = setup({ timeout: 30, retry: { limit: 1, delay: 0 } });
    mock.faults.enqueue({ delayMs: 1000, times: 2 });
    const error = caught(client.encryption.getBusinessPublicKey());
    await vi.advanceTimersByTimeAsync(61);
    const thrown = await error;
    expect(isTimeoutError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ kind: "attempt", timeout: 30, attempts: 2, method: "GET" });
    expect(thrown.message).toMatch(
      /^Request timed out after 30 ms \(timeout option\): GET .+ \(after 2 attempts\)\./,
    );
    expect(mock.requests).toHaveLength(2);
  });

  it("totalTimeout bounds all attempts together and is not retried", async () => {
    const { client, mock } = setup({ timeout: 20_000, totalTimeout: 1000 });
    mock.faults.enqueue({ delayMs: 20_000, times: 3 });
    const error = caught(client.encryption.setBusinessPublicKey(keys.publicPem));
    const call = watch(error);
    // The key is parsed (WebCrypto, no timers) before the upload goes out.
    await untilReceived(mock, 1);
    await vi.advanceTimersByTimeAsync(999);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await error).toMatchObject({
      name: "TimeoutError",
      kind: "total",
      timeout: 1000,
      attempts: 1,
      method: "POST",
    });
    expect((await error).message).toContain("(totalTimeout option)");
    expect(mock.requests).toHaveLength(1);
  });

  it("does not sleep past totalTimeout: a long Retry-After fails with no time passing", async () => {
    const { client, mock } = setup({ totalTimeout: 300 });
    mock.faults.enqueue({ status: 503, headers: { "Retry-After": "1" } });
    const started = Date.now();
    // No timer is advanced: a client that slept first would never settle (the test times out).
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(Date.now()).toBe(started);
    expect(error).toMatchObject({ name: "ApiError", status: 503, attempts: 1, retryAfter: 1000 });
    expect(error.message).toContain("totalTimeout would run out");
  });

  it("the caller's abort mid-request surfaces as the platform's AbortError and is not retried", async () => {
    const { client, mock } = setup();
    mock.faults.enqueue({ delayMs: 1000 });
    const controller = new AbortController();
    const error = caught(client.encryption.getBusinessPublicKey({ signal: controller.signal }));
    await untilReceived(mock, 1);
    await vi.advanceTimersByTimeAsync(30);
    controller.abort();
    const thrown = await error;
    expect(thrown).toBeInstanceOf(DOMException);
    expect(thrown.name).toBe("AbortError");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(mock.requests).toHaveLength(1);
  });

  it("an abort during the wait between attempts ends the wait with the abort reason", async () => {
    const { client, mock } = setup();
    mock.faults.enqueue({ status: 503, headers: { "Retry-After": "5" } });
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    const result = caught(client.GET(PATH, { signal: controller.signal }));
    await untilReceived(mock, 1);
    await vi.advanceTimersByTimeAsync(50);
    expect(mock.requests).toHaveLength(1);
    controller.abort(reason);
    expect(await result).toBe(reason);
    // The 5 s wait was cut short: no second attempt follows it.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(mock.requests).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const { client, mock } = setup();
    const error = await caught(
      client.encryption.getBusinessPublicKey({ signal: AbortSignal.abort() }),
    );
    expect(error.name).toBe("AbortError");
    expect(mock.requests).toHaveLength(0);
  });

  it("timeouts off: an answer after ten minutes still arrives", async () => {
    const { client, mock } = setup({ timeout: false });
    mock.faults.enqueue({ delayMs: 600_000 });
    const result = client.encryption.getBusinessPublicKey();
    await vi.advanceTimersByTimeAsync(600_000);
    await expect(result).resolves.toBeNull();
  });
});

describe("over HTTP", () => {
  it("a server slower than every attempt: TimeoutError after the retries", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    try {
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl: server.url,
        timeout: 30,
        retry: { limit: 1, delay: 0 },
      });
      server.faults.enqueue({ delayMs: 60_000, times: 2 });
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(error).toMatchObject({ name: "TimeoutError", kind: "attempt", attempts: 2 });
      // Not how many requests the server saw: on a busy machine an attempt of 30 ms can be
      // abandoned before its request arrives.
    } finally {
      await server.close();
    }
  });
});

describe("a custom fetch that reads the signal", () => {
  it("is aborted on timeout (the attempt's signal is passed as init.signal)", async () => {
    const seen: AbortSignal[] = [];
    const client = createD360Client({
      apiKey: API_KEY,
      timeout: 30,
      retry: false,
      fetch: ((request: Request, init?: RequestInit) => {
        const signal = init?.signal as AbortSignal;
        seen.push(signal);
        return new Promise<Response>((_resolve, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason));
          void request;
        });
      }) as (request: Request) => Promise<Response>,
    });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error.name).toBe("TimeoutError");
    expect(seen).toHaveLength(1);
    expect(seen[0]?.aborted).toBe(true);
  });

  it("one that ignores the signal and never answers still ends on time", async () => {
    const client = createD360Client({
      apiKey: API_KEY,
      timeout: 30,
      retry: false,
      fetch: () => new Promise(() => {}),
    });
    expect(await caught(client.encryption.getBusinessPublicKey())).toMatchObject({
      name: "TimeoutError",
      attempts: 1,
    });
  });
});
