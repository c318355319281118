import { describe, expect, it } from "vitest";
import { createWebhookHandler, type WebhookFailure } from "../src/index.js";
import { APP_SECRET, countingBody, hmac, payload, recorder, SECRET, signed360 } from "./helpers.js";

// None of these reaches a handler, and no answer or failure report carries the secret or the body.

const failuresSeen: WebhookFailure[] = [];
const responsesSeen: string[] = [];

function make(options: { maxBodyBytes?: number } = {}) {
  const rec = recorder();
  const handler = createWebhookHandler({
    secret: SECRET,
    appSecret: undefined,
    ...options,
    onEvent: rec.onEvent,
    onError: (f) => {
      rec.onError(f);
      failuresSeen.push(f);
    },
  });
  return {
    rec,
    handler: async (request: Request) => {
      const response = await handler(request);
      responsesSeen.push(
        `${response.status} ${[...response.headers].join()} ${await response.clone().text()}`,
      );
      return response;
    },
  };
}

describe("bad input", () => {
  it("a declared length over maxBodyBytes: 413 without reading the body", async () => {
    const { rec, handler } = make({ maxBodyBytes: 1024 });
    const counted = countingBody(100, 1024);
    const request = new Request("http://localhost/", {
      method: "POST",
      headers: { "x-360dialog-signature": hmac(SECRET, "x"), "content-length": "102400" },
      body: counted.stream,
      duplex: "half",
    } as RequestInit);
    // undici drops a content-length set by hand on a streamed body; the header the handler reads
    // is what a server would hand over, so it is set on the request's own headers here.
    const proxied = new Proxy(request, {
      get(target, property) {
        if (property === "headers") {
          const headers = new Headers(target.headers);
          headers.set("content-length", "102400");
          return headers;
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const response = await handler(proxied);
    expect(response.status).toBe(413);
    expect(counted.pulled()).toBeLessThanOrEqual(1024);
    expect(rec.events).toEqual([]);
    expect(rec.failures.map((f) => f.code)).toEqual(["payload-too-large"]);
  });

  it("a streamed body over maxBodyBytes: 413, reading stops at the limit", async () => {
    const { rec, handler } = make({ maxBodyBytes: 4096 });
    const counted = countingBody(10_000, 1024);
    const response = await handler(
      new Request("http://localhost/", {
        method: "POST",
        headers: { "x-360dialog-signature": hmac(SECRET, "x") },
        body: counted.stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    // The reader stops at the first chunk past the limit (plus what the stream had queued).
    expect(counted.pulled()).toBeLessThanOrEqual(8 * 1024);
    expect(rec.events).toEqual([]);
  });

  it("a body of exactly maxBodyBytes is accepted", async () => {
    const body = payload({ messages: [{ id: "wamid.exact" }] });
    const { rec, handler } = make({ maxBodyBytes: new TextEncoder().encode(body).length });
    expect((await handler(signed360(body))).status).toBe(200);
    expect(rec.events).toHaveLength(1);
  });

  for (const [name, body, code] of [
    ["not JSON", "{not json at all", "invalid-json"],
    ["not UTF-8 JSON", "\u0000\u0001", "invalid-json"],
    ["JSON but not an object", "[1,2,3]", "not-a-webhook"],
    ["another object", JSON.stringify({ object: "page", entry: [] }), "not-a-webhook"],
    [
      "entry not a list",
      JSON.stringify({ object: "whatsapp_business_account", entry: {} }),
      "not-a-webhook",
    ],
    [
      "a change without value",
      JSON.stringify({
        object: "whatsapp_business_account",
        entry: [{ id: "1", changes: [{ field: "messages" }] }],
      }),
      "not-a-webhook",
    ],
  ] as const) {
    it(`${name}: 400`, async () => {
      const { rec, handler } = make();
      const response = await handler(signed360(body));
      expect(response.status).toBe(400);
      expect(rec.events).toEqual([]);
      expect(rec.failures.map((f) => f.code)).toEqual([code]);
    });
  }

  it("a method other than POST: 405 with Allow", async () => {
    const { rec, handler } = make();
    const response = await handler(new Request("http://localhost/?hub.challenge=1"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(rec.events).toEqual([]);
  });

  it("no answer and no failure report above holds a secret or a body", () => {
    expect(failuresSeen.length).toBeGreaterThan(5);
    const bodies = ["{not json at all", "Sheena Nelson", "hello"];
    const texts = [
      ...responsesSeen,
      ...failuresSeen.map(
        (f) => `${f.code} ${f.message} ${String(f.error)} ${JSON.stringify(f.error ?? null)}`,
      ),
    ];
    for (const text of texts) {
      for (const secret of [SECRET, APP_SECRET, ...bodies]) expect(text).not.toContain(secret);
    }
  });
});
