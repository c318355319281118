// The client is an openapi-fetch client for the generic methods: its options reach openapi-fetch,
// its headers follow openapi-fetch's rules, and a custom fetch gets what openapi-fetch would give
// it. (openapi-fetch's own suite is run against the client too; see the package README.)
import type { Middleware } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createD360Client, type D360ClientOptions } from "../src/index.js";
import { API_KEY } from "./support/secrets.js";

const PATH = "/whatsapp_business_encryption";

/** A client whose fetch records what it is called with and answers `{"data": []}`. */
function observed(options: Partial<D360ClientOptions> = {}) {
  const calls: { request: Request; init: unknown }[] = [];
  const client = createD360Client({
    apiKey: API_KEY,
    fetch: async (request, init) => {
      calls.push({ request, init });
      return Response.json({ data: [] });
    },
    ...options,
  });
  return { client, calls };
}

class TaggedRequest extends Request {
  tag = "mine";
}

describe("client-level options reach openapi-fetch", () => {
  it("querySerializer, pathSerializer and bodySerializer", async () => {
    const { client, calls } = observed({
      querySerializer: () => "q=client",
      pathSerializer: (path) => `${path}/serialized`,
      bodySerializer: (body) => `serialized:${JSON.stringify(body)}`,
    });
    // openapi-fetch calls the path serializer when there are path parameters.
    await client.POST(PATH as never, { params: { path: {} }, body: { a: 1 } } as never);
    const { request } = calls[0] as { request: Request };
    expect(request.url).toBe(`https://waba-v2.360dialog.io${PATH}/serialized?q=client`);
    expect(await request.text()).toBe('serialized:{"a":1}');
  });

  it("the Request class, requestInitExt as the fetch's second argument, and RequestInit fields", async () => {
    const ext = { dispatcher: { marker: true } };
    const { client, calls } = observed({
      Request: TaggedRequest,
      requestInitExt: ext,
      cache: "no-store",
      keepalive: true,
    });
    await client.GET(PATH);
    const { request, init } = calls[0] as { request: Request; init: unknown };
    expect(request).toBeInstanceOf(TaggedRequest);
    expect(request.cache).toBe("no-store");
    expect(request.keepalive).toBe(true);
    // Timeouts are on by default: the attempt's signal rides along with the extension.
    expect(init).toMatchObject({ dispatcher: { marker: true } });
    expect((init as RequestInit).signal).toBeInstanceOf(AbortSignal);

    const plain = observed({ requestInitExt: ext, timeout: false });
    await plain.client.GET(PATH);
    expect(plain.calls[0]?.init).toBe(ext);
  });

  it("every request says redirect: manual", async () => {
    const { client, calls } = observed({ timeout: false });
    await client.GET(PATH, { redirect: "follow" } as never);
    const { request, init } = calls[0] as { request: Request; init: RequestInit };
    // The per-call option made the Request "follow"; the fetch is told "manual" regardless.
    expect(request.redirect === "manual" || init.redirect === "manual").toBe(true);
  });
});

describe("headers follow openapi-fetch's rules", () => {
  it("null unsets (our User-Agent too), undefined is skipped, arrays are appended", async () => {
    const { client, calls } = observed({
      headers: {
        "User-Agent": null,
        "X-Skipped": undefined,
        "X-Many": ["a", "b"],
        "Content-Type": null,
      },
    });
    await client.POST(PATH as never, { body: { a: 1 } } as never);
    const headers = (calls[0] as { request: Request }).request.headers;
    expect(headers.has("user-agent")).toBe(false);
    expect(headers.has("x-skipped")).toBe(false);
    expect(headers.get("x-many")).toBe("a, b");
    // A JSON body without a content type rather than `content-type: null`.
    expect(headers.get("content-type")).not.toBe("null");
    expect(headers.get("d360-api-key")).toBe(API_KEY);
  });

  it("a Headers object and tuples work too, and never replace the key", async () => {
    for (const headers of [
      new Headers({ "X-A": "1", "D360-API-KEY": "other" }),
      [
        ["X-A", "1"],
        ["d360-api-key", "other"],
      ] as [string, string][],
    ]) {
      const { client, calls } = observed({ headers });
      await client.GET(PATH);
      const sent = (calls[0] as { request: Request }).request.headers;
      expect(sent.get("x-a")).toBe("1");
      expect(sent.get("d360-api-key")).toBe(API_KEY);
    }
  });
});

describe("what a custom fetch and middleware get", () => {
  it("a per-call Request class is kept when the call also passes middleware and fetch", async () => {
    const seen: Request[] = [];
    const client = createD360Client({ apiKey: API_KEY });
    const middleware: Middleware = {
      onRequest: ({ request }) => {
        seen.push(request);
      },
    };
    await client.GET(PATH, {
      Request: TaggedRequest,
      middleware: [middleware],
      fetch: async (request: Request) => {
        seen.push(request);
        return Response.json({ data: [] });
      },
    } as never);
    expect(seen).toHaveLength(2);
    for (const request of seen) expect(request).toBeInstanceOf(TaggedRequest);
  });

  it("a body request that will never be retried reaches the fetch as the object onRequest returned", async () => {
    for (const options of [{ retry: false as const }, {}]) {
      const { client, calls } = observed(options);
      let returned: Request | undefined;
      client.use({
        onRequest: ({ request }) => {
          returned = new TaggedRequest(request);
          return returned;
        },
      });
      // A POST the spec does not mark idempotent: never sent twice, so never copied.
      await client.POST("/messages" as never, { body: { to: "1" } } as never);
      expect(calls[0]?.request).toBe(returned);
      expect(await calls[0]?.request.text()).toBe('{"to":"1"}');
    }
  });

  it("a body request that may be retried: first attempt gets the original, the retry a copy with the same body", async () => {
    const sent: { request: Request; body: string }[] = [];
    let calls = 0;
    const client = createD360Client({
      apiKey: API_KEY,
      retry: { delay: 1 },
      fetch: async (request) => {
        sent.push({ request, body: await request.text() });
        return calls++ === 0
          ? new Response("{}", { status: 503 })
          : Response.json({ success: true });
      },
    });
    let original: Request | undefined;
    client.use({
      onRequest: ({ request }) => {
        original = request;
      },
    });
    await client.POST(PATH, { body: { business_public_key: "k" } } as never);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.request).toBe(original);
    expect(sent[1]?.request).not.toBe(original);
    expect(sent.map((s) => s.body)).toEqual([
      '{"business_public_key":"k"}',
      '{"business_public_key":"k"}',
    ]);
  });

  it("middleware onError sees a NetworkError for a network failure, the user's own error untouched", async () => {
    const seen: unknown[] = [];
    const own = new RangeError("my bug");
    for (const thrown of [new TypeError("fetch failed"), own]) {
      const client = createD360Client({
        apiKey: API_KEY,
        retry: false,
        fetch: async () => {
          throw thrown;
        },
      });
      client.use({
        onError: ({ error }) => {
          seen.push(error);
        },
      });
      await client.GET(PATH).catch(() => {});
    }
    expect(seen[0]).toMatchObject({ name: "NetworkError", code: "other" });
    expect(seen[1]).toBe(own);
  });
});
