// Timeouts per attempt and in total, and the caller's own AbortSignal. Real timers with delays
// of tens of milliseconds: the mock's `delayMs` fault is a slow server.
import { createMockHandler, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, describe, expect, it } from "vitest";
import { createD360Client, isTimeoutError } from "../src/index.js";
import { keys } from "./support/keys.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

const PATH = "/whatsapp_business_encryption";
afterAll(() => expectNoLeak());

describe.each(["http", "handler"] as const)("%s", (mode) => {
  async function setup(
    options: {
      timeout?: number | false;
      totalTimeout?: number | false;
      retry?: number | false | object;
    } = {},
  ) {
    if (mode === "http") {
      const server = await startMockServer({ apiKeys: [API_KEY] });
      const client = createD360Client({ apiKey: API_KEY, baseUrl: server.url, ...options });
      return { client, mock: server.handler, close: () => server.close() };
    }
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock, ...options });
    return { client, mock, close: async () => {} };
  }

  it("an attempt that exceeds `timeout` is abandoned and retried", async () => {
    const { client, mock, close } = await setup({ timeout: 50, retry: { limit: 1, delay: 0 } });
    try {
      mock.faults.enqueue({ delayMs: 1000 });
      const started = Date.now();
      await expect(client.encryption.getBusinessPublicKey()).resolves.toBeNull();
      expect(Date.now() - started).toBeLessThan(800);
      expect(mock.requests).toHaveLength(2);
    } finally {
      await close();
    }
  });

  it("when every attempt is too slow: TimeoutError naming the `timeout` option", async () => {
    const { client, mock, close } = await setup({ timeout: 30, retry: { limit: 1, delay: 0 } });
    try {
      mock.faults.enqueue({ delayMs: 1000, times: 2 });
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(isTimeoutError(error)).toBe(true);
      expect(error).toMatchObject({ kind: "attempt", timeout: 30, attempts: 2, method: "GET" });
      expect(error.message).toMatch(
        /^Request timed out after 30 ms \(timeout option\): GET .+ \(after 2 attempts\)\./,
      );
    } finally {
      await close();
    }
  });

  it("totalTimeout bounds all attempts together and is not retried", async () => {
    // Long enough for the upload to reach the server on a busy machine (it records on arrival);
    // the server's delay is far longer, so only totalTimeout can end the call.
    const { client, mock, close } = await setup({ timeout: 20_000, totalTimeout: 1000 });
    try {
      mock.faults.enqueue({ delayMs: 20_000, times: 3 });
      const error = await caught(client.encryption.setBusinessPublicKey(keys.publicPem));
      expect(error).toMatchObject({
        name: "TimeoutError",
        kind: "total",
        timeout: 1000,
        attempts: 1,
        method: "POST",
      });
      expect(error.message).toContain("(totalTimeout option)");
      expect(mock.requests).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("does not sleep past totalTimeout: a long Retry-After fails at once", async () => {
    const { client, mock, close } = await setup({ totalTimeout: 300 });
    try {
      mock.faults.enqueue({ status: 503, headers: { "Retry-After": "1" } });
      const started = Date.now();
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(Date.now() - started).toBeLessThan(250);
      expect(error).toMatchObject({ name: "ApiError", status: 503, attempts: 1, retryAfter: 1000 });
      expect(error.message).toContain("totalTimeout would run out");
    } finally {
      await close();
    }
  });

  it("the caller's abort mid-request surfaces as the platform's AbortError and is not retried", async () => {
    const { client, mock, close } = await setup();
    try {
      mock.faults.enqueue({ delayMs: 1000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const error = await caught(
        client.encryption.getBusinessPublicKey({ signal: controller.signal }),
      );
      expect(error).toBeInstanceOf(DOMException);
      expect(error.name).toBe("AbortError");
      expect(mock.requests).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("an abort during the wait between attempts ends the wait with the abort reason", async () => {
    const { client, mock, close } = await setup();
    try {
      mock.faults.enqueue({ status: 503, headers: { "Retry-After": "5" } });
      const controller = new AbortController();
      const reason = new Error("user navigated away");
      setTimeout(() => controller.abort(reason), 50);
      const started = Date.now();
      const result = client.GET(PATH, { signal: controller.signal });
      expect(await caught(result)).toBe(reason);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(mock.requests).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("an already aborted signal sends nothing", async () => {
    const { client, mock, close } = await setup();
    try {
      const error = await caught(
        client.encryption.getBusinessPublicKey({ signal: AbortSignal.abort() }),
      );
      expect(error.name).toBe("AbortError");
      expect(mock.requests).toHaveLength(0);
    } finally {
      await close();
    }
  });

  it("timeouts off: a slow answer still arrives", async () => {
    const { client, mock, close } = await setup({ timeout: false });
    try {
      mock.faults.enqueue({ delayMs: 60 });
      await expect(client.encryption.getBusinessPublicKey()).resolves.toBeNull();
    } finally {
      await close();
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
