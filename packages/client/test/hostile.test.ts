// Hostile servers on loopback: redirecting to another origin, trickling a body, cutting one off,
// sending too much, quoting the key in the reason phrase; and failures a real socket gives
// (refused, TLS against a plain-HTTP port). Real timers with small delays.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createD360Client, type D360ClientOptions } from "../src/index.js";
import { API_KEY, caught, expectNoLeak, exposure } from "./support/secrets.js";

afterAll(() => expectNoLeak());

const PATH = "/whatsapp_business_encryption";
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server whose behaviour each test sets; it records the key header it received. */
async function serve(): Promise<{
  url: string;
  server: Server;
  keys: (string | undefined)[];
  handle: (h: Handler) => void;
}> {
  let handler: Handler = (_req, res) => res.end();
  const keys: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    keys.push(req.headers["d360-api-key"] as string | undefined);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    keys,
    handle: (h) => {
      handler = h;
    },
  };
}

let api: Awaited<ReturnType<typeof serve>>;
let other: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  api = await serve();
  other = await serve();
});
afterEach(() => {
  api.keys.length = 0;
  other.keys.length = 0;
});
afterAll(async () => {
  for (const { server } of [api, other]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const client = (options: Partial<D360ClientOptions> = {}) =>
  createD360Client({ apiKey: API_KEY, baseUrl: api.url, retry: { delay: 1 }, ...options });

describe("redirects are never followed", () => {
  it.each([301, 302, 303, 307, 308])(
    "a %i to another origin never receives the key",
    async (status) => {
      // `localhost` is another origin than 127.0.0.1 for fetch, on the same machine.
      const target = `${other.url.replace("127.0.0.1", "localhost")}/steal`;
      api.handle((_req, res) => res.writeHead(status, { location: target }).end());
      const error = await caught(client().encryption.getBusinessPublicKey());
      expect(error).toMatchObject({ name: "ApiError", kind: "redirect", status, attempts: 1 });
      expect(error.message).toContain(`Redirected to ${new URL(target).origin}, not followed`);
      expect(other.keys).toEqual([]);
      expect(api.keys).toEqual([API_KEY]);
    },
  );

  it("the generic methods reject too (a redirect is never a result), even to the same origin", async () => {
    api.handle((_req, res) => res.writeHead(307, { location: `${api.url}/elsewhere` }).end());
    const error = await caught(client().GET(PATH));
    expect(error).toMatchObject({ kind: "redirect", status: 307 });
    expect(error.message).toContain(`Redirected to ${api.url}`);
    expect(api.keys).toHaveLength(1);
  });

  it("an opaque redirect (a browser's manual mode) and a redirect a custom fetch followed", async () => {
    const opaque = createD360Client({
      apiKey: API_KEY,
      fetch: async () =>
        Object.defineProperty(new Response(null, { status: 200 }), "type", {
          value: "opaqueredirect",
        }),
    });
    expect(await caught(opaque.encryption.getBusinessPublicKey())).toMatchObject({
      kind: "redirect",
      message: expect.stringContaining("opaque redirect"),
    });
    const followed = createD360Client({
      apiKey: API_KEY,
      fetch: async () => {
        const response = Response.json({ data: [] });
        Object.defineProperty(response, "redirected", { value: true });
        Object.defineProperty(response, "url", { value: "https://evil.example/x" });
        return response;
      },
    });
    expect(await caught(followed.encryption.getBusinessPublicKey())).toMatchObject({
      kind: "redirect",
      message: expect.stringContaining("Redirected to https://evil.example"),
    });
  });

  it("the redirect option is refused at construction", () => {
    expect(() =>
      createD360Client({ apiKey: API_KEY, redirect: "follow" } as D360ClientOptions),
    ).toThrow(/redirect is not an option: the client never follows redirects/);
  });
});

describe("bounds on the body", () => {
  const trickle: Handler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"data":[');
    const timer = setInterval(() => res.write(" "), 20);
    const end = setTimeout(() => res.end("]}"), 3_000);
    res.on("close", () => {
      clearInterval(timer);
      clearTimeout(end);
    });
  };

  it("totalTimeout covers reading a trickling body", async () => {
    api.handle(trickle);
    const error = await caught(
      client({ timeout: false, totalTimeout: 200 }).encryption.getBusinessPublicKey(),
    );
    expect(error).toMatchObject({ name: "TimeoutError", kind: "total", timeout: 200 });
  });

  it("the attempt timeout covers it too, and the attempt is retried", async () => {
    api.handle(trickle);
    const error = await caught(
      client({ timeout: 150, retry: { limit: 1, delay: 1 } }).encryption.getBusinessPublicKey(),
    );
    expect(error).toMatchObject({ name: "TimeoutError", kind: "attempt", attempts: 2 });
    expect(api.keys).toHaveLength(2);
  });

  it("a body cut off mid-stream is a NetworkError (body_truncated), retried where idempotent", async () => {
    let calls = 0;
    api.handle((_req, res) => {
      if (calls++ > 0)
        return res.writeHead(200, { "content-type": "application/json" }).end('{"data":[]}');
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"data":[');
      setTimeout(() => res.destroy(), 10);
    });
    await expect(client().encryption.getBusinessPublicKey()).resolves.toBeNull();
    expect(api.keys).toHaveLength(2);

    calls = 0;
    const error = await caught(client({ retry: false }).encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ name: "NetworkError", code: "body_truncated", attempts: 1 });
  });

  it("a truncated body of a non-idempotent operation is not sent again", async () => {
    api.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write("{");
      setTimeout(() => res.destroy(), 10);
    });
    const error = await caught(client().POST("/messages" as never, { body: { to: "1" } } as never));
    expect(error).toMatchObject({ name: "NetworkError", code: "body_truncated", attempts: 1 });
    expect(api.keys).toHaveLength(1);
  });

  it.each([
    ["a declared Content-Length", true],
    ["a chunked body", false],
  ])(
    "a body over maxResponseSize (%s) is an ApiError of kind too_large, not retried",
    async (_, declared) => {
      const big = JSON.stringify({ data: [{ business_public_key: "x".repeat(5_000) }] });
      api.handle((_req, res) => {
        res.writeHead(200, {
          "content-type": "application/json",
          ...(declared ? { "content-length": String(big.length) } : {}),
        });
        res.end(big);
      });
      const error = await caught(
        client({ maxResponseSize: 4_096 }).encryption.getBusinessPublicKey(),
      );
      expect(error).toMatchObject({
        name: "ApiError",
        kind: "too_large",
        status: 200,
        attempts: 1,
      });
      expect(error.message).toContain("maxResponseSize (4096 bytes)");
      expect(api.keys).toHaveLength(1);
      // The default (10 MiB) reads it.
      await expect(client().encryption.getBusinessPublicKey()).resolves.toMatchObject({
        business_public_key: "x".repeat(5_000),
      });
    },
  );
});

describe("the key never leaks", () => {
  it("through the reason phrase", async () => {
    api.handle((_req, res) => {
      res.writeHead(401, `Invalid key ${API_KEY}`, { "content-type": "application/json" });
      res.end('{"error":"Invalid API key"}');
    });
    const error = await caught(client().encryption.getBusinessPublicKey());
    expect(error.statusText).toBe("Invalid key [REDACTED]");
    expect(await exposure(error)).not.toContain(API_KEY);
  });

  it("through a body that quotes an all-digit key inside JSON", async () => {
    const digits = "48151623429876";
    const body = `{"error":{"message":"key ${digits} refused","code":${digits},"list":[${digits}]}}`;
    const numeric = createD360Client({
      apiKey: digits,
      fetch: async () =>
        new Response(body, { status: 401, headers: { "content-type": "application/json" } }),
    });
    const error = await caught(numeric.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ name: "ApiError", status: 401 });
    expect(error.body).toEqual({
      error: { message: "key [REDACTED] refused", code: "[REDACTED]", list: ["[REDACTED]"] },
    });
    expect(await exposure(error)).not.toContain(digits);
  });

  it("through properties of a custom fetch's error: the cause is a scrubbed copy", async () => {
    const foreign = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error(`reset while sending ${API_KEY}`), { code: "ECONNRESET" }),
      request: { headers: { "D360-API-KEY": API_KEY } },
      config: API_KEY,
    });
    const leaky = createD360Client({
      apiKey: API_KEY,
      retry: false,
      fetch: async () => {
        throw foreign;
      },
    });
    const error = await caught(leaky.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ name: "NetworkError", code: "connection_reset" });
    expect(error.cause).not.toBe(foreign);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect((error.cause as Error & { cause: Error }).cause.message).toBe(
      "reset while sending [REDACTED]",
    );
    expect(JSON.stringify(Object.entries(error.cause as object))).not.toContain(API_KEY);
  });

  it("a base URL ending in ? or # is refused like any query or fragment", () => {
    for (const baseUrl of ["https://waba-v2.360dialog.io?", "https://waba-v2.360dialog.io/#"]) {
      expect(() => createD360Client({ apiKey: API_KEY, baseUrl })).toThrow(
        /baseUrl must be an absolute http\(s\) URL without credentials, query or fragment/,
      );
    }
  });
});

describe("which errors are network failures", () => {
  it("a refused connection: code connection_refused, retried", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await caught(
      createD360Client({
        apiKey: API_KEY,
        baseUrl: `http://127.0.0.1:${port}`,
        retry: { limit: 1, delay: 1 },
      }).encryption.getBusinessPublicKey(),
    );
    expect(error).toMatchObject({ name: "NetworkError", code: "connection_refused", attempts: 2 });
  });

  it("TLS spoken to a plain-HTTP port: code tls", async () => {
    api.handle((_req, res) => res.end());
    const error = await caught(
      client({ baseUrl: api.url.replace("http:", "https:"), retry: false }).GET(PATH),
    );
    expect(error).toMatchObject({ name: "NetworkError", code: "tls" });
  });

  it.each([
    ["ENOTFOUND", "dns"],
    ["EAI_AGAIN", "dns"],
    ["ECONNRESET", "connection_reset"],
    ["EHOSTUNREACH", "unreachable"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
    ["CERT_HAS_EXPIRED", "tls"],
  ])("undici's %s under `fetch failed` is %s", async (code, expected) => {
    const error = await caught(
      createD360Client({
        apiKey: API_KEY,
        retry: false,
        fetch: async () => {
          throw new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
        },
      }).GET(PATH),
    );
    expect(error).toMatchObject({ name: "NetworkError", code: expected });
  });

  it("a custom fetch's own error with an E… code is not a network failure: untouched, not retried", async () => {
    const own = Object.assign(new Error("disk quota exceeded"), { code: "EDQUOT" });
    let calls = 0;
    const error = await caught(
      createD360Client({
        apiKey: API_KEY,
        fetch: async () => {
          calls++;
          throw own;
        },
      }).GET(PATH),
    );
    expect(error).toBe(own);
    expect(calls).toBe(1);
  });
});
