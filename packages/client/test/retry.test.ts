// Retries: which failures are repeated, how long the client waits, and what it gives up with.
// In process (the mock's handler as `fetch`) with fake timers, so waits of seconds take no time;
// over HTTP with real but tiny delays for what needs a socket.
import { createMockHandler, type MockHandler, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createD360Client, type D360ClientOptions, isNetworkError } from "../src/index.js";
import { backoffDelay } from "../src/retry/backoff.js";
import { parseRetryAfter } from "../src/retry/retry-after.js";
import { keys } from "./support/keys.js";
import { API_KEY, caught, expectNoLeak, thrown } from "./support/secrets.js";

const PATH = "/whatsapp_business_encryption";
afterAll(() => expectNoLeak());

function setup(options: Partial<D360ClientOptions> = {}) {
  const mock = createMockHandler({ apiKeys: [API_KEY] });
  const client = createD360Client({ apiKey: API_KEY, fetch: mock, ...options });
  return { mock, client };
}

/** Statuses of the requests the mock answered, in order. */
const statuses = (mock: MockHandler) => mock.requests.map((r) => r.status);

describe("with fake timers", () => {
  // setBusinessPublicKey loads the key parser with import() on first use: real module loading,
  // which runAllTimersAsync does not wait for (its retries' timers would be scheduled after it
  // returned). Loaded here first, as any earlier call in a real program would have.
  beforeAll(() => import("@d360-messaging/keys/public-key"));
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it.each([408, 429, 500, 502, 503, 504, 555])("retries %i, then succeeds", async (status) => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { mock, client } = setup();
    mock.faults.enqueue({ status, times: 2 });
    const result = client.encryption.getBusinessPublicKey();
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeNull();
    expect(statuses(mock)).toEqual([status, status, 200]);
  });

  it.each([400, 401, 403, 404])("never retries %i", async (status) => {
    const { mock, client } = setup({ retry: 5 });
    mock.faults.enqueue({ status, times: 3 });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ name: "ApiError", status, attempts: 1 });
    expect(mock.requests).toHaveLength(1);
  });

  it("gives up after `limit` retries with an ApiError that counts the attempts", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    for (const [retry, attempts] of [
      [undefined, 3],
      [0, 1],
      [false, 1],
      [4, 5],
      [{ limit: 1 }, 2],
    ] as const) {
      const { mock, client } = setup({ retry });
      mock.faults.enqueue({ status: 503, times: 10 });
      const result = caught(client.encryption.getBusinessPublicKey());
      await vi.runAllTimersAsync();
      const error = await result;
      expect(error).toMatchObject({ name: "ApiError", status: 503, attempts });
      expect(error.message).toMatch(
        new RegExp(
          `^Request failed with status 503: GET https://waba-v2\\.360dialog\\.io${PATH} \\(after ${attempts} attempts?\\): Injected fault \\(HTTP 503\\)\\. Not available: try again later$`,
        ),
      );
      expect(mock.requests).toHaveLength(attempts);
    }
  });

  it("the generic GET returns the last response after retries, as openapi-fetch would", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { mock, client } = setup();
    mock.faults.enqueue({ status: 502, times: 3 });
    const result = client.GET(PATH);
    await vi.runAllTimersAsync();
    const { error, response } = await result;
    expect(response.status).toBe(502);
    expect(error).toEqual({ error: "Injected fault (HTTP 502)" });
    expect(mock.requests).toHaveLength(3);
  });

  it("backs off exponentially with full jitter, capped by backoffLimit", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    const sent: number[] = [];
    const client = createD360Client({
      apiKey: API_KEY,
      retry: { limit: 3, delay: 100, backoffLimit: 300 },
      fetch: (request) => {
        sent.push(Date.now());
        return mock(request);
      },
    });
    mock.faults.enqueue({ status: 503, times: 3 });
    const result = client.encryption.getBusinessPublicKey();
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeNull();
    // Waits of floor(0.999 × min(300, 100 × 2^(n-1))): 99, then 199, then 299 (capped).
    expect(sent.slice(1).map((t, i) => t - (sent[i] as number))).toEqual([99, 199, 299]);
  });

  it("waits what Retry-After says in seconds instead of backing off", async () => {
    const { mock, client } = setup();
    mock.faults.enqueue({ status: 429, headers: { "Retry-After": "2" } });
    const result = client.encryption.getBusinessPublicKey();
    await vi.advanceTimersByTimeAsync(1999);
    expect(mock.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBeNull();
    expect(statuses(mock)).toEqual([429, 200]);
  });

  it("waits until a Retry-After HTTP-date", async () => {
    const { mock, client } = setup();
    const at = new Date(Date.now() + 3000).toUTCString();
    mock.faults.enqueue({ status: 503, headers: { "Retry-After": at } });
    const result = client.encryption.getBusinessPublicKey();
    await vi.advanceTimersByTimeAsync(2999);
    expect(mock.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBeNull();
  });

  it("fails at once when Retry-After exceeds maxRetryAfter, and says how long", async () => {
    const { mock, client } = setup();
    mock.faults.enqueue({ status: 429, headers: { "Retry-After": "120" } });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({
      name: "RateLimitError",
      kind: "rate_limit",
      status: 429,
      attempts: 1,
      retryAfter: 120_000,
    });
    expect(error.message).toContain(
      "the server asked to wait longer than retry.maxRetryAfter (60000 ms)",
    );
    expect(mock.requests).toHaveLength(1);

    const patient = setup({ retry: { maxRetryAfter: 120_000 } });
    patient.mock.faults.enqueue({ status: 429, headers: { "Retry-After": "120" } });
    const result = patient.client.encryption.getBusinessPublicKey();
    await vi.advanceTimersByTimeAsync(120_000);
    await expect(result).resolves.toBeNull();
  });

  it("gets through the mock's vendor-style rate limit (400, no Retry-After) with no retry code", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const mock = createMockHandler({ apiKeys: [API_KEY], rateLimit: { requests: 2, perMs: 1000 } });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock });
    const results = Promise.all(
      Array.from({ length: 4 }, () => client.encryption.getBusinessPublicKey()),
    );
    await vi.runAllTimersAsync();
    await expect(results).resolves.toEqual([null, null, null, null]);
    const answered = statuses(mock);
    expect(answered.filter((s) => s === 400).length).toBeGreaterThan(0);
    expect(answered.filter((s) => s === 200)).toHaveLength(4);
  });

  it("honours the spec-style rate limit (429 + Retry-After) and gets through", async () => {
    const mock = createMockHandler({
      apiKeys: [API_KEY],
      rateLimit: { requests: 1, perMs: 1000, response: "spec" },
    });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock });
    await client.encryption.getBusinessPublicKey();
    const second = client.encryption.getBusinessPublicKey();
    await vi.advanceTimersByTimeAsync(1000);
    await expect(second).resolves.toBeNull();
    expect(statuses(mock)).toEqual([200, 429, 200]);
  });

  it("the legacy rate limit waits the seconds its message names", async () => {
    const mock = createMockHandler({
      apiKeys: [API_KEY],
      rateLimit: { requests: 1, perMs: 2000, response: "legacy" },
    });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock });
    await client.encryption.getBusinessPublicKey();
    const second = client.encryption.getBusinessPublicKey();
    await vi.advanceTimersByTimeAsync(1999);
    expect(statuses(mock)).toEqual([200, 400]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(second).resolves.toBeNull();
    expect(statuses(mock)).toEqual([200, 400, 200]);
  });

  it("retries only the statuses in statusCodes", async () => {
    const { mock, client } = setup({ retry: { statusCodes: [503] } });
    mock.faults.enqueue({ status: 500 });
    expect(await caught(client.encryption.getBusinessPublicKey())).toMatchObject({
      status: 500,
      attempts: 1,
    });
    expect(
      thrown(() => createD360Client({ apiKey: API_KEY, retry: { statusCodes: [503, 401] } }))
        .message,
    ).toBe("retry.statusCodes: 401 is never retried");
  });

  it("POST setBusinessPublicKey is retried (the spec marks it idempotent) with the body intact", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { mock, client } = setup();
    mock.faults.enqueue({ method: "POST", status: 503, times: 2 });
    const result = client.encryption.setBusinessPublicKey(keys.publicPem);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toEqual({ success: true });
    const expected = new URLSearchParams({ business_public_key: keys.publicPem }).toString();
    expect(mock.requests.map((r) => [r.status, r.body])).toEqual([
      [503, expected],
      [503, expected],
      [200, expected],
    ]);
  });

  it("a POST the spec does not mark idempotent is retried only on opt-in", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    for (const [retryNonIdempotent, attempts] of [
      [false, 1],
      [true, 3],
    ] as const) {
      const { mock, client } = setup({ retry: { retryNonIdempotent } });
      mock.faults.enqueue({ path: "/messages", status: 503, times: 3 });
      const result = client.POST("/messages" as never, { body: { to: "x" } } as never);
      await vi.runAllTimersAsync();
      const { response } = await result;
      expect(response.status).toBe(503);
      expect(mock.requests.map((r) => r.body)).toEqual(Array(attempts).fill('{"to":"x"}'));
    }
  });

  it("retries a dropped connection (a network error) and succeeds", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { mock, client } = setup();
    mock.faults.enqueue({ drop: true, times: 2 });
    const result = client.encryption.getBusinessPublicKey();
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeNull();
    expect(mock.requests).toHaveLength(3);
  });

  it("never retries an error thrown by user code", async () => {
    for (const failure of [
      new Error("boom"),
      new TypeError("Cannot read properties of undefined (reading 'x')"),
    ]) {
      let calls = 0;
      const client = createD360Client({
        apiKey: API_KEY,
        fetch: async () => {
          calls++;
          throw failure;
        },
      });
      expect(await caught(client.encryption.getBusinessPublicKey())).toBe(failure);
      expect(calls).toBe(1);
    }
  });

  it("sends a middleware-built request again with its body intact", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { mock, client } = setup();
    client.use({
      onRequest: ({ request }) =>
        new Request(request, { headers: { ...Object.fromEntries(request.headers), "x-mw": "1" } }),
    });
    mock.faults.enqueue({ method: "POST", status: 500 });
    const result = client.encryption.setBusinessPublicKey(keys.publicPem);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toEqual({ success: true });
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]?.body).toBe(mock.requests[1]?.body);
    expect(mock.requests[1]?.headers["x-mw"]).toBe("1");
  });
});

describe("over HTTP", () => {
  it("a connection dropped every time ends in a NetworkError with the platform's cause", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    try {
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl: server.url,
        retry: { delay: 1 },
      });
      server.faults.enqueue({ drop: true, times: 3 });
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(isNetworkError(error)).toBe(true);
      expect(error).toMatchObject({
        attempts: 3,
        method: "GET",
        url: `${server.url}${PATH}`,
        code: "connection_reset",
      });
      expect(error.cause).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        `Network error (connection_reset): GET ${server.url}${PATH} (after 3 attempts): fetch failed. Check the network and baseUrl`,
      );
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("a refused connection is a NetworkError too", async () => {
    const server = await startMockServer();
    const url = server.url;
    await server.close();
    const client = createD360Client({
      apiKey: API_KEY,
      baseUrl: url,
      retry: { limit: 1, delay: 1 },
    });
    const error = await caught(client.encryption.setBusinessPublicKey(keys.publicPem));
    expect(error).toMatchObject({ name: "NetworkError", attempts: 2, method: "POST" });
  });

  it("POST bodies stay intact across retries over a socket", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    try {
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl: server.url,
        retry: { delay: 1 },
      });
      server.faults.enqueue({ method: "POST", status: 502, times: 1 });
      server.faults.enqueue({ method: "POST", drop: true, times: 1 });
      await expect(client.encryption.setBusinessPublicKey(keys.publicPem)).resolves.toEqual({
        success: true,
      });
      const bodies = server.requests.map((r) => r.body);
      expect(bodies).toHaveLength(3);
      expect(new Set(bodies)).toEqual(
        new Set([new URLSearchParams({ business_public_key: keys.publicPem }).toString()]),
      );
    } finally {
      await server.close();
    }
  });
});

describe("helpers", () => {
  it("backoffDelay: full jitter under min(limit, delay × 2^(n-1))", () => {
    expect(backoffDelay(1, 300, 10_000, () => 0.5)).toBe(150);
    expect(backoffDelay(3, 300, 10_000, () => 0.5)).toBe(600);
    expect(backoffDelay(10, 300, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(4, 300, 10_000, () => 0)).toBe(0);
  });

  it("parseRetryAfter: seconds, HTTP-dates, and nonsense", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 7 ", now)).toBe(7000);
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Mon, 31 Dec 2029 23:00:00 GMT", now)).toBe(0);
    for (const bad of [null, "", "-1", "1.5", "soon"])
      expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
});
