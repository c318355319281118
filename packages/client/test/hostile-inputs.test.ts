// Issue 20, "Hostile servers and odd inputs (client)": each case against a real loopback server
// (or a raw TCP socket where node:http would not send the bytes), and each would fail without
// its fix. Real timers; no assertion on how long anything takes.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer } from "node:net";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { VENDOR_HEAD, vendorDetail } from "../src/errors/vendor.js";
import { createD360Client, type D360ClientOptions } from "../src/index.js";
import { API_KEY, caught, expectNoLeak, exposure } from "./support/secrets.js";

afterAll(() => expectNoLeak());

const PATH = "/whatsapp_business_encryption";
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let handler: Handler = (_req, res) => res.end();
const received: { method?: string; url?: string; body: string }[] = [];
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    received.push({ method: req.method, url: req.url, body });
    handler(req, res, body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  received.length = 0;
  handler = (_req, res) => res.end();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (options: Partial<D360ClientOptions> = {}) =>
  createD360Client({ apiKey: API_KEY, baseUrl: url, retry: { delay: 1 }, ...options });
const json = { "content-type": "application/json" };

describe("vendor-text patterns look at a bounded head only", () => {
  it("a title after the head is not read; the head's is", () => {
    const late = `${"x".repeat(VENDOR_HEAD)}<title>late</title>`;
    expect(vendorDetail(late).message).not.toContain("late");
    expect(vendorDetail("<title>Bad Gateway</title>").message).toBe("Bad Gateway");
    expect(vendorDetail({ error: "y".repeat(VENDOR_HEAD * 4) }).message).toHaveLength(VENDOR_HEAD);
  });

  it("a 400 with megabytes of `<` without `>` ends in an ApiError (the patterns were quadratic on it)", async () => {
    handler = (_req, res) =>
      res.writeHead(400, { "content-type": "text/html" }).end("<".repeat(3 * 2 ** 20));
    const error = await caught(client().encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ name: "ApiError", status: 400 });
  });
});

describe("a body that cannot be replayed", () => {
  async function* generator() {
    yield new TextEncoder().encode("business_public_key=");
    yield new TextEncoder().encode("part-two");
  }
  for (const [name, make] of [
    ["an async generator", () => generator()],
    ["a Node Readable", () => Readable.from(["business_public_key=", "part-two"])],
  ] as const) {
    it(`${name} is sent whole on every attempt, never empty`, async () => {
      let calls = 0;
      handler = (_req, res) => {
        calls++;
        if (calls === 1) res.writeHead(503).end();
        else res.writeHead(200, json).end('{"success":true}');
      };
      const { response } = await client().POST(PATH, {
        body: make() as never,
        bodySerializer: (body: unknown) => body as never,
        duplex: "half",
      } as never);
      expect(response.status).toBe(200);
      expect(received.map((r) => r.body)).toEqual([
        "business_public_key=part-two",
        "business_public_key=part-two",
      ]);
    });
  }
});

describe("reading `response.body` in middleware or a hook", () => {
  it("does not consume the response the call then reads", async () => {
    handler = (_req, res) => res.writeHead(200, json).end('{"data":[]}');
    const seen: unknown[] = [];
    const c = client({
      hooks: { afterResponse: [({ response }) => void seen.push(response.body !== null)] },
    });
    c.use({
      onResponse({ response }) {
        seen.push(response.body !== null);
        seen.push(response.bodyUsed);
      },
    });
    expect(await c.encryption.getBusinessPublicKey()).toBeNull();
    const { data } = await c.GET(PATH);
    expect(data).toEqual({ data: [] });
    expect(seen).toEqual([true, true, false, true, true, false]);
  });
});

describe("the API key is scrubbed before a body is cut, at any depth", () => {
  it("a key across the excerpt's cut does not survive minus a character", async () => {
    // The excerpt keeps 999 characters: from 974 on, the cut falls inside the 26-character key.
    for (const at of [974, 980, 990, 998]) {
      handler = (_req, res) =>
        res
          .writeHead(400, { "content-type": "text/plain" })
          .end(`${"x".repeat(at)}${API_KEY} tail`);
      const error = await caught(client().encryption.getBusinessPublicKey());
      const shown = await exposure(error);
      expect(shown).not.toContain(API_KEY.slice(0, 12));
    }
  });

  it("a key deep inside a JSON error body is replaced", async () => {
    let nested: unknown = { error: `invalid key ${API_KEY}` };
    for (let i = 0; i < 40; i++) nested = { inner: nested };
    handler = (_req, res) => res.writeHead(401, json).end(JSON.stringify(nested));
    const error = await caught(client().encryption.getBusinessPublicKey());
    expect(JSON.stringify(error.body)).toContain("[REDACTED]");
    expect(JSON.stringify(error.body)).not.toContain(API_KEY);
  });
});

describe("a reason phrase with control characters", () => {
  it("ends in a typed error whose message has none of them", async () => {
    const raw = createTcpServer((socket) => {
      socket.once("data", () => {
        socket.end(
          "HTTP/1.1 503 Bad\x01\x1b[31mThing\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        );
      });
    });
    raw.listen(0, "127.0.0.1");
    await once(raw, "listening");
    try {
      const base = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
      const error = await caught(
        createD360Client({
          apiKey: API_KEY,
          baseUrl: base,
          retry: false,
        }).encryption.getBusinessPublicKey(),
      );
      expect(["ApiError", "NetworkError"]).toContain(error.name);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be there
      expect(error.message).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    } finally {
      raw.close();
    }
  });

  it("from a fetch of the user's (a Response-like object, as other fetch libraries return) too", async () => {
    const fetch = async () =>
      ({
        text: async () => "",
        status: 503,
        statusText: "Bad\x1b]0;pwned\x07",
        ok: false,
        headers: new Headers(),
        body: null,
        redirected: false,
        type: "basic",
        url: "",
      }) as unknown as Response;
    const error = await caught(client({ fetch, retry: false }).encryption.getBusinessPublicKey());
    expect(error.name).toBe("ApiError");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be there
    expect(error.message).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

describe("hooks race the call's signal and totalTimeout", () => {
  const never = () => new Promise<void>(() => {});
  it("a hanging afterResponse hook ends at totalTimeout with a TimeoutError", async () => {
    handler = (_req, res) => res.writeHead(200, json).end('{"data":[]}');
    const error = await caught(
      client({
        totalTimeout: 200,
        hooks: { afterResponse: [never] },
      }).encryption.getBusinessPublicKey(),
    );
    expect(error).toMatchObject({ name: "TimeoutError", kind: "total" });
  });

  it("a hanging beforeRetry hook ends when the caller aborts", async () => {
    handler = (_req, res) => res.writeHead(503).end();
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const call = client({
      hooks: {
        beforeRetry: [
          () => {
            controller.abort(reason);
            return never();
          },
        ],
      },
    }).encryption.getBusinessPublicKey({ signal: controller.signal });
    expect(await caught(call)).toBe(reason);
  });
});

describe("a fetch installed on globalThis", () => {
  const platform = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = platform;
  });

  it("before the client is imported (a test setup file, an APM wrapper), gets a Request and is raced by the attempt timer", async () => {
    const inputs: unknown[] = [];
    globalThis.fetch = (async (input: unknown) => {
      inputs.push(input);
      return new Promise<Response>(() => {});
    }) as typeof fetch;
    vi.resetModules();
    const fresh = await import("../src/index.js");
    const error = await caught(
      fresh
        .createD360Client({ apiKey: API_KEY, baseUrl: url, timeout: 50, retry: false })
        .GET(PATH),
    );
    expect(error).toMatchObject({ name: "TimeoutError", kind: "attempt" });
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toBeInstanceOf(Request);
    expect((inputs[0] as Request).url).toBe(`${url}${PATH}`);
  });
});

describe('parseAs: "stream"', () => {
  it("resolves before the body ends, outlives the attempt timeout, and counts the size cap as bytes flow", async () => {
    let more: (() => void) | undefined;
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: one\n\n");
      more = () => {
        res.write("data: two\n\n");
        res.end();
      };
    };
    const { data, response } = await client({ timeout: 100 }).GET(PATH, { parseAs: "stream" });
    expect(response.status).toBe(200);
    const reader = (data as unknown as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe("data: one\n\n");
    // Longer than `timeout`: the attempt timer stopped at the headers.
    await new Promise((resolve) => setTimeout(resolve, 300));
    more?.();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += decoder.decode(r.value);
    expect(rest).toBe("data: two\n\n");
  });

  it("fails the stream with a too_large ApiError once more than maxResponseSize flowed", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write("12345");
      setImmediate(() => res.end("67890abcdef"));
    };
    const { data } = await client({ maxResponseSize: 8 }).GET(PATH, { parseAs: "stream" });
    const reader = (data as unknown as ReadableStream<Uint8Array>).getReader();
    const error = await caught(
      (async () => {
        for (let r = await reader.read(); !r.done; r = await reader.read());
      })(),
    );
    expect(error).toMatchObject({ name: "ApiError", kind: "too_large" });
  });
});

describe("error.request hides every credential header", () => {
  it("Authorization, Cookie and the caller's redactHeaders, beside D360-API-KEY", async () => {
    handler = (_req, res) => res.writeHead(401, json).end('{"error":"no"}');
    const c = client({
      headers: {
        Authorization: "Bearer hidden-1",
        Cookie: "session=hidden-2",
        "X-Partner-Token": "hidden-3",
        "X-Visible": "shown",
      },
      redactHeaders: ["x-partner-token"],
    });
    for (const error of [
      await caught(c.encryption.getBusinessPublicKey()),
      await caught(
        client({
          fetch: () => new Promise(() => {}),
          timeout: 20,
          retry: false,
          headers: { Authorization: "Bearer hidden-1" },
        }).GET(PATH),
      ),
    ]) {
      const shown = await exposure(error);
      for (const secret of ["hidden-1", "hidden-2", "hidden-3"])
        expect(shown).not.toContain(secret);
    }
    const error = await caught(c.encryption.getBusinessPublicKey());
    const headers = (error.request as Request).headers;
    expect(headers.get("authorization")).toBe("[REDACTED]");
    expect(headers.get("cookie")).toBe("[REDACTED]");
    expect(headers.get("x-partner-token")).toBe("[REDACTED]");
    expect(headers.get("x-visible")).toBe("shown");
  });
});

describe("path parameters cannot reach another path", () => {
  it("`..` and `.` are refused before anything is sent; `/` is encoded", async () => {
    const c = client();
    for (const id of ["..", ".", "%2e%2e"]) {
      const error = await caught(
        c.GET("/media/{media_id}" as never, { params: { path: { media_id: id } } } as never),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain('path parameter "media_id"');
    }
    expect(received).toEqual([]);
    handler = (_req, res) => res.writeHead(200, json).end("{}");
    await c.GET(
      "/media/{media_id}" as never,
      { params: { path: { media_id: "a/../b" } } } as never,
    );
    expect(received.map((r) => r.url)).toEqual(["/media/a%2F..%2Fb"]);
  });
});
