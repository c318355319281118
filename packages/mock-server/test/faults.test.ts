import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionDroppedError,
  createMockHandler,
  DEFAULT_API_KEY,
  FaultQueue,
  isConnectionDroppedError,
} from "../src/index.js";
import { PATH } from "./helpers.js";

const URL_ = `http://mock.test${PATH}`;
const auth = { "D360-API-KEY": DEFAULT_API_KEY };
const get = () => new Request(URL_, { headers: auth });
const post = () =>
  new Request(URL_, {
    method: "POST",
    headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
    body: "business_public_key=",
  });

afterEach(() => {
  vi.useRealTimers();
});

describe("fault queue", () => {
  it("answers the next request once, then the API answers again", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({ status: 503, headers: { "Retry-After": "2" } });
    const faulted = await handler(get());
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get("retry-after")).toBe("2");
    expect(await faulted.json()).toEqual({ error: "Injected fault (HTTP 503)" });
    expect((await handler(get())).status).toBe(200);
    expect(handler.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, true],
      [200, false],
    ]);
  });

  it("is FIFO among the faults that match the request's method and path", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({ method: "post", status: 500 });
    handler.faults.enqueue({ method: "GET", status: 502 });
    handler.faults.enqueue({ path: "/elsewhere", status: 418 });
    handler.faults.enqueue({ method: "GET", path: PATH, status: 504 });
    expect((await handler(get())).status).toBe(502);
    expect((await handler(get())).status).toBe(504);
    expect((await handler(get())).status).toBe(200);
    expect((await handler(post())).status).toBe(500);
    expect(handler.faults.size).toBe(1);
    expect((await handler(new Request("http://mock.test/elsewhere"))).status).toBe(418);
    expect(handler.faults.size).toBe(0);
  });

  it("repeats an entry `times` times", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({ status: 555, times: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await handler(get())).status);
    expect(statuses).toEqual([555, 555, 555, 200]);
  });

  it("answers ahead of authentication, as a proxy would", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({ status: 502 });
    expect((await handler(new Request(URL_))).status).toBe(502);
    expect((await handler(new Request(URL_))).status).toBe(401);
  });

  it("answers ahead of the body limit too, and records the oversized request without its body", async () => {
    const handler = createMockHandler({ maxBodyBytes: 10 });
    handler.faults.enqueue({ status: 503 });
    const big = () => new Request(URL_, { method: "POST", headers: auth, body: "x".repeat(100) });
    expect((await handler(big())).status).toBe(503);
    expect((await handler(big())).status).toBe(413);
    expect(handler.requests.map((r) => [r.status, r.fault, r.body])).toEqual([
      [503, true, ""],
      [413, false, ""],
    ]);
  });

  it("sends a string body as is, with the given content type", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({
      status: 502,
      body: "<html>Bad Gateway</html>",
      headers: { "content-type": "text/html" },
    });
    handler.faults.enqueue({ status: 500, body: "{truncated" });
    handler.faults.enqueue({ status: 429, body: { error: "slow down" } });
    const html = await handler(get());
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(await html.text()).toBe("<html>Bad Gateway</html>");
    const text = await handler(get());
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await text.text()).toBe("{truncated");
    expect(await (await handler(get())).json()).toEqual({ error: "slow down" });
  });

  it("answers 204 without a body", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({ status: 204 });
    const res = await handler(get());
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("drop rejects in process with a TypeError, like fetch's network error", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({ drop: true });
    const error = await handler(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(ConnectionDroppedError);
    expect(isConnectionDroppedError(error)).toBe(true);
    expect(handler.requests[0]).toMatchObject({ fault: true });
    expect(handler.requests[0]?.status).toBeUndefined();
    expect((await handler(get())).status).toBe(200);
  });

  it("delays by delayMs (fake timers), then answers the fault or the API", async () => {
    vi.useFakeTimers();
    const handler = createMockHandler();
    handler.faults.enqueue({ delayMs: 5_000, status: 503 });
    handler.faults.enqueue({ delayMs: 1_000 });
    let settled = false;
    const first = handler(get()).then((r) => {
      settled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await first).status).toBe(503);
    const second = handler(get());
    await vi.advanceTimersByTimeAsync(1_000);
    const res = await second;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [] });
  });

  it("a delay ends when the request is aborted, so no timer outlives the caller", async () => {
    // Fake timers: the rejection arrives with no time passing, and no timer is left behind.
    vi.useFakeTimers();
    const handler = createMockHandler();
    handler.faults.enqueue({ delayMs: 60_000, status: 500 });
    const controller = new AbortController();
    const pending = handler(new Request(URL_, { headers: auth, signal: controller.signal }));
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clear() forgets queued faults", async () => {
    const handler = createMockHandler();
    handler.faults.enqueue({ status: 500, times: 5 });
    handler.faults.clear();
    expect((await handler(get())).status).toBe(200);
  });

  it("validates entries when they are queued", () => {
    const faults = new FaultQueue();
    expect(() => faults.enqueue({ status: 99 })).toThrow(RangeError);
    expect(() => faults.enqueue({ status: 600 })).toThrow(RangeError);
    expect(() => faults.enqueue({ status: 200.5 })).toThrow(RangeError);
    expect(() => faults.enqueue({ delayMs: -1 })).toThrow(RangeError);
    expect(() => faults.enqueue({ times: 0 })).toThrow(RangeError);
    expect(() => faults.enqueue({ drop: true, status: 500 })).toThrow(TypeError);
    expect(() => faults.enqueue({ headers: { "bad header": "x" } })).toThrow(TypeError);
    expect(faults.size).toBe(0);
  });
});

describe("rate limit", () => {
  function limited(response?: "vendor" | "legacy" | "spec", perMs = 2_500) {
    let now = 1_000_000;
    const handler = createMockHandler({
      apiKeys: ["a", "b"],
      rateLimit: { requests: 2, perMs, ...(response ? { response } : {}) },
      now: () => now,
    });
    const req = (key: string) => handler(new Request(URL_, { headers: { "D360-API-KEY": key } }));
    return { handler, req, advance: (ms: number) => (now += ms) };
  }

  it("answers like the real API by default: 400 with the vendor's message, no Retry-After", async () => {
    const { req, advance } = limited();
    expect((await req("a")).status).toBe(200);
    advance(1_000);
    expect((await req("a")).status).toBe(200);
    const refused = await req("a");
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(await refused.text()).toBe('{"error":"You have exceeded the endpoint rate limit."}');
    // Per key: another key has its own budget.
    expect((await req("b")).status).toBe(200);
    // The oldest request leaves the window 1.5 s later; refused requests did not count.
    advance(1_500);
    expect((await req("a")).status).toBe(200);
    expect((await req("a")).status).toBe(400);
  });

  it('response: "legacy" answers the meta envelope naming the window in seconds', async () => {
    const { req } = limited("legacy", 2_500);
    await req("a");
    await req("a");
    const refused = await req("a");
    expect(refused.status).toBe(400);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(await refused.json()).toEqual({
      meta: {
        httpCode: 400,
        developerMessage:
          "You have exceeded the limit of 2 requests every 3 seconds. Try again later.",
        success: false,
      },
    });
    const one = createMockHandler({ rateLimit: { requests: 1, perMs: 5_000, response: "legacy" } });
    await one(get());
    const body = (await (await one(get())).json()) as { meta: { developerMessage: string } };
    expect(body.meta.developerMessage).toBe(
      "You have exceeded the limit of 1 request every 5 seconds. Try again later.",
    );
  });

  it('response: "spec" answers 429 with Retry-After in whole seconds', async () => {
    const { req, advance } = limited("spec");
    expect((await req("a")).status).toBe(200);
    advance(1_000);
    expect((await req("a")).status).toBe(200);
    const refused = await req("a");
    expect(refused.status).toBe(429);
    // The oldest request leaves the window 1.5 s from now: rounded up to 2 s.
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(await refused.json()).toEqual({ error: expect.stringContaining("Rate limit") });
    advance(1_500);
    expect((await req("a")).status).toBe(200);
    expect((await req("a")).status).toBe(429);
  });

  it("refuses a nonsensical limit", () => {
    expect(() => createMockHandler({ rateLimit: { requests: 0, perMs: 10 } })).toThrow(RangeError);
    expect(() => createMockHandler({ rateLimit: { requests: 1, perMs: 0 } })).toThrow(RangeError);
    expect(() =>
      createMockHandler({
        rateLimit: { requests: 1, perMs: 10, response: "429" as unknown as "spec" },
      }),
    ).toThrow(/"vendor", "legacy" or "spec"/);
  });

  it("does not count unauthenticated requests", async () => {
    const handler = createMockHandler({ rateLimit: { requests: 1, perMs: 60_000 } });
    expect((await handler(new Request(URL_))).status).toBe(401);
    expect((await handler(get())).status).toBe(200);
  });
});
