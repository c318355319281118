// createD360Client's options and the openapi-fetch client it returns: middleware, per-call
// options, validation.
import { createMockHandler, startMockServer } from "@d360-messaging/mock-server";
import type { Middleware } from "openapi-fetch";
import { afterAll, describe, expect, it } from "vitest";
import { createD360Client, type D360ClientOptions } from "../src/index.js";
import { API_KEY, caught, expectNoLeak, thrown } from "./support/secrets.js";

const PATH = "/whatsapp_business_encryption";
afterAll(() => expectNoLeak());

describe("options", () => {
  it("a number option of another type is a TypeError naming it, never a silent default (issue 20)", () => {
    // As read from an environment variable: it must not turn a timeout off or leave a default.
    const bad: [string, Partial<D360ClientOptions>][] = [
      ["timeout", { timeout: "200" as never }],
      ["totalTimeout", { totalTimeout: "20000" as never }],
      ["maxResponseSize", { maxResponseSize: "1048576" as never }],
      ["retry", { retry: "3" as never }],
      ["retry", { retry: null as never }],
      ["retry.limit", { retry: { limit: "3" as never } }],
      ["retry.delay", { retry: { delay: "300" as never } }],
      ["retry.maxRetryAfter", { retry: { maxRetryAfter: "60000" as never } }],
      ["retry.backoffLimit", { retry: { backoffLimit: true as never } }],
      ["retry.statusCodes", { retry: { statusCodes: "503" as never } }],
      ["retry.statusCodes[]", { retry: { statusCodes: ["503" as never] } }],
      ["retry.retryNonIdempotent", { retry: { retryNonIdempotent: "false" as never } }],
      ["fetch", { fetch: "fetch" as never }],
      ["hooks", { hooks: { beforeRetry: "log" as never } }],
      ["redactHeaders", { redactHeaders: "authorization" as never }],
    ];
    for (const [name, options] of bad) {
      const error = thrown(() => createD360Client({ apiKey: API_KEY, ...options }));
      expect(error, name).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(
        new RegExp(`^createD360Client: ${name.replace(/[.[\]]/g, "\\$&")} must be`),
      );
    }
  });

  it("a delay of 2^31 ms or more is refused (setTimeout would fire it at once)", () => {
    for (const options of [
      { timeout: 2 ** 31 },
      { totalTimeout: 2 ** 31 },
      { retry: { delay: 2 ** 31 } },
      { retry: { backoffLimit: 2 ** 31 } },
      { retry: { maxRetryAfter: 2 ** 31 } },
    ] as Partial<D360ClientOptions>[]) {
      expect(thrown(() => createD360Client({ apiKey: API_KEY, ...options }))).toBeInstanceOf(
        RangeError,
      );
    }
    expect(() => createD360Client({ apiKey: API_KEY, timeout: 2 ** 31 - 1 })).not.toThrow();
    expect(
      thrown(() => createD360Client({ apiKey: API_KEY, retry: { statusCodes: [600] } })),
    ).toBeInstanceOf(RangeError);
  });

  it("refuses bad numbers and URLs with a RangeError or TypeError naming the option", () => {
    expect(thrown(() => createD360Client({ apiKey: API_KEY, timeout: 0 })).message).toBe(
      "createD360Client: timeout must be an integer from 1 to 2147483647, or false, got 0",
    );
    expect(thrown(() => createD360Client({ apiKey: API_KEY, totalTimeout: -1 }))).toBeInstanceOf(
      RangeError,
    );
    expect(thrown(() => createD360Client({ apiKey: API_KEY, retry: -1 })).message).toBe(
      "createD360Client: retry.limit must be an integer from 0 to 9007199254740991, got -1",
    );
    expect(
      thrown(() => createD360Client({ apiKey: API_KEY, retry: { maxRetryAfter: 1.5 } })),
    ).toBeInstanceOf(RangeError);
    expect(
      thrown(() => createD360Client({ apiKey: API_KEY, baseUrl: "waba-v2.360dialog.io" })).message,
    ).toContain("baseUrl must be an absolute http(s) URL");
    // Malformed, or with parts a path cannot be appended to: a clear TypeError, never a crash later.
    for (const baseUrl of [
      "http://a b",
      "http://[::1",
      "http://127.0.0.1:99999",
      "https://h/x?q=1",
      "https://h/#f",
    ]) {
      expect(thrown(() => createD360Client({ apiKey: API_KEY, baseUrl })).message).toContain(
        "baseUrl must be an absolute http(s) URL without credentials, query or fragment",
      );
    }
    // A credential in the URL is refused without being echoed.
    const withCredentials = thrown(() =>
      createD360Client({ apiKey: API_KEY, baseUrl: "https://user:s3cr3t-pw@h" }),
    ).message;
    expect(withCredentials).toContain("(not shown)");
    expect(withCredentials).not.toContain("s3cr3t-pw");
  });

  it("exposes openapi-fetch's client methods", () => {
    const client = createD360Client({ apiKey: API_KEY });
    for (const name of [
      "GET",
      "PUT",
      "POST",
      "DELETE",
      "OPTIONS",
      "HEAD",
      "PATCH",
      "TRACE",
      "request",
      "use",
      "eject",
    ]) {
      expect(typeof (client as unknown as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});

describe("request(method, path)", () => {
  it("goes through the same wrapper: headers and retries", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock, retry: { delay: 0 } });
    mock.faults.enqueue({ status: 502 });
    const { data } = await client.request("get", PATH);
    expect(data).toEqual({ data: [] });
    expect(mock.requests.map((r) => [r.method, r.status, r.channel])).toEqual([
      ["GET", 502, 0],
      ["GET", 200, 0],
    ]);
  });
});

describe("middleware", () => {
  it("sees real Requests (with the API key header) and may change them, also over the platform fetch", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    try {
      const client = createD360Client({ apiKey: API_KEY, baseUrl: server.url });
      const seen: { isRequest: boolean; key: string | null; status?: number }[] = [];
      const middleware: Middleware = {
        onRequest({ request }) {
          seen.push({
            isRequest: request instanceof Request,
            key: request.headers.get("D360-API-KEY"),
          });
          request.headers.set("X-Middleware", "yes");
          return request;
        },
        onResponse({ response }) {
          const last = seen.at(-1);
          if (last) last.status = response.status;
        },
      };
      client.use(middleware);
      await client.encryption.getBusinessPublicKey();
      expect(seen).toEqual([{ isRequest: true, key: API_KEY, status: 200 }]);
      expect(server.requests.at(-1)?.headers["x-middleware"]).toBe("yes");
      client.eject(middleware);
      await client.encryption.getBusinessPublicKey();
      expect(seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("per-call middleware see real Requests too, and retries still apply", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    const handler = createMockHandler({ apiKeys: [API_KEY] });
    try {
      const clients = [
        {
          mock: server.handler,
          client: createD360Client({ apiKey: API_KEY, baseUrl: server.url, retry: { delay: 0 } }),
        },
        {
          mock: handler,
          client: createD360Client({ apiKey: API_KEY, fetch: handler, retry: { delay: 0 } }),
        },
      ];
      for (const { mock, client } of clients) {
        const kinds: string[] = [];
        mock.faults.enqueue({ status: 503 });
        const { data } = await client.GET(PATH, {
          middleware: [{ onRequest: ({ request }) => void kinds.push(request.constructor.name) }],
        });
        expect(data).toEqual({ data: [] });
        expect(kinds).toEqual(["Request"]);
        expect(mock.requests.map((r) => r.status)).toEqual([503, 200]);
      }
    } finally {
      await server.close();
    }
  });

  it("a middleware that throws is not retried", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock });
    const bug = new Error("bug in middleware");
    client.use({
      onRequest() {
        throw bug;
      },
    });
    expect(await caught(client.encryption.getBusinessPublicKey())).toBe(bug);
    expect(mock.requests).toHaveLength(0);
  });
});

describe("per-call fetch", () => {
  it("replaces the client's fetch for one call, with the same retries", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    const client = createD360Client({ apiKey: API_KEY, retry: { delay: 0 } });
    mock.faults.enqueue({ status: 500 });
    const { data, response } = await client.GET(PATH, { fetch: mock });
    expect(response.status).toBe(200);
    expect(data).toEqual({ data: [] });
    expect(mock.requests.map((r) => r.status)).toEqual([500, 200]);
  });
});
