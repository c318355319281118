// The light request path (src/fetch/light-request.ts) relies on what openapi-fetch does with the
// object it constructs as `Request`. These tests are the tripwire the pin on openapi-fetch asks
// for: the first one fails as soon as openapi-fetch (after an upgrade) touches any property the
// LightRequest does not provide; the others prove which calls take which path.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { paths } from "@d360-messaging/types";
import createClient from "openapi-fetch";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LightRequest } from "../src/fetch/light-request.js";
import { createD360Client } from "../src/index.js";

const PATH = "/whatsapp_business_encryption";
const API_KEY = "light-request-key";

/** Every name a LightRequest answers: own fields and prototype members. */
const PROVIDED = new Set<PropertyKey>([
  ...Object.keys(new LightRequest("https://x.test/", {})),
  ...Object.getOwnPropertyNames(LightRequest.prototype),
]);

describe("openapi-fetch and LightRequest", () => {
  it("openapi-fetch touches nothing on the request but what LightRequest provides or the call's own init carries", async () => {
    const touched: { op: string; key: PropertyKey }[] = [];
    // A LightRequest that records every property openapi-fetch reads, tests or writes.
    class Recording extends LightRequest {
      constructor(url: string, init: RequestInit) {
        super(url, init);
        const record =
          (op: string) =>
          (target: object, key: PropertyKey, ...rest: unknown[]) => {
            touched.push({ op, key });
            return (Reflect as unknown as Record<string, (...a: unknown[]) => unknown>)[op]?.(
              target,
              key,
              ...rest,
            );
          };
        // biome-ignore lint/correctness/noConstructorReturn: the recording proxy is the point
        return new Proxy(this, {
          get: record("get") as ProxyHandler<this>["get"],
          has: record("has") as ProxyHandler<this>["has"],
          set: record("set") as ProxyHandler<this>["set"],
          defineProperty: record("defineProperty") as ProxyHandler<this>["defineProperty"],
          deleteProperty: record("deleteProperty") as ProxyHandler<this>["deleteProperty"],
        });
      }
    }
    const statuses = [200, 204, 400, 500];
    let next = 0;
    const fetch = async (input: unknown) => {
      expect(input).toBeInstanceOf(Recording);
      const status = statuses[next++ % statuses.length] as number;
      return status === 204
        ? new Response(null, { status })
        : new Response(status === 200 ? '{"data":[]}' : '{"error":"no"}', {
            status,
            headers: { "content-type": "application/json" },
          });
    };
    const client = createClient<paths>({
      baseUrl: "https://waba-v2.360dialog.io",
      Request: Recording as unknown as typeof Request,
      fetch: fetch as typeof globalThis.fetch,
      headers: { "D360-API-KEY": API_KEY },
      credentials: "omit",
    });
    // Per-call init keys openapi-fetch copies onto the request when it lacks them: they also
    // travel in `init`, which is what the light path gives to fetch.
    const perCall = { signal: new AbortController().signal, cache: "no-store", custom: 1 } as const;
    const any = client as unknown as Record<
      string,
      (path: string, init?: Record<string, unknown>) => Promise<unknown>
    >;
    for (const parseAs of ["json", "text", "arrayBuffer", "blob", "stream"]) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]) {
        await any[method]?.(PATH, {
          ...perCall,
          parseAs,
          ...(["POST", "PUT", "PATCH"].includes(method) ? { body: { a: 1 } } : {}),
          params: { query: { q: "1" }, header: { "X-Extra": "y" } },
        });
      }
    }
    const initKeys = new Set<PropertyKey>(["method", ...Object.keys(perCall)]);
    const unexpected = touched.filter(
      ({ op, key }) =>
        !PROVIDED.has(key) &&
        !((op === "has" || op === "set" || op === "defineProperty") && initKeys.has(key)),
    );
    expect(unexpected).toEqual([]);
    // The tripwire is live: openapi-fetch does read from the request.
    expect(touched.some(({ op, key }) => op === "get" && key === "method")).toBe(true);
  });

  it("keeps every field openapi-fetch gave it, for the platform's fetch to read", () => {
    const signal = new AbortController().signal;
    const headers = new Headers({ "D360-API-KEY": API_KEY });
    const light = new LightRequest("https://x.test/a", {
      method: "POST",
      headers,
      body: "{}",
      signal,
      redirect: "manual",
      credentials: "omit",
    });
    expect(light).toMatchObject({ url: "https://x.test/a", method: "POST", body: "{}", signal });
    expect(light.headers).toBe(headers);
    expect(light.redirect).toBe("manual");
    expect(light.resendable).toBe(true);
    expect(new LightRequest("https://x.test/", { body: new ReadableStream() }).resendable).toBe(
      false,
    );
    const real = light.toRequest();
    expect(real).toBeInstanceOf(Request);
    expect([real.method, real.url, real.redirect, real.credentials]).toEqual([
      "POST",
      "https://x.test/a",
      "manual",
      "omit",
    ]);
    expect(real.headers.get("D360-API-KEY")).toBe(API_KEY);
  });
});

describe("which calls take the light path", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("a fetch installed after the client loaded gets a real Request, as openapi-fetch would give it", async () => {
    const seen: unknown[] = [];
    vi.stubGlobal("fetch", async (input: unknown) => {
      seen.push(input);
      return Response.json({ data: [] });
    });
    const client = createD360Client({ apiKey: API_KEY });
    await client.GET(PATH);
    await client.encryption.getBusinessPublicKey();
    expect(seen).toHaveLength(2);
    for (const input of seen) expect(input).toBeInstanceOf(Request);
  });

  it("over the platform's fetch, a POST is sent whole on every attempt, with the client's headers", async () => {
    const received: { method?: string; body: string; key?: string; type?: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", () => {
        received.push({
          method: req.method,
          body,
          key: req.headers["d360-api-key"] as string | undefined,
          type: req.headers["content-type"],
        });
        res.writeHead(received.length === 1 ? 503 : 200, { "content-type": "application/json" });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl,
        retry: { delay: 0, retryNonIdempotent: true },
      });
      const post = client.POST as unknown as (
        path: string,
        init: { body: unknown },
      ) => Promise<{ response: Response }>;
      const { response } = await post(PATH, { body: { hello: "world" } });
      expect(response.status).toBe(200);
      expect(received).toEqual([
        { method: "POST", body: '{"hello":"world"}', key: API_KEY, type: "application/json" },
        { method: "POST", body: '{"hello":"world"}', key: API_KEY, type: "application/json" },
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
