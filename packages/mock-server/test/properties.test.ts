import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockHandler, type MockServer, startMockServer } from "../src/index.node.js";
import { PATH, rsaKeyPair } from "./helpers.js";

// A distinctive key, so that any echo of it in a response or a record is caught.
const SECRET = "prop-secret-4b1d9e";
const STATUSES = new Set([200, 400, 401, 404, 405, 413]);

let pem: string;
beforeAll(() => {
  pem = rsaKeyPair().publicKeyPem;
});

interface Input {
  method: string;
  path: string;
  query: [string, string][];
  apiKey: string | null;
  headers: [string, string][];
  body: string | Uint8Array | undefined;
}

const pemLike = fc.oneof(
  fc.string(),
  fc.constant("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
  fc.nat(600).map((n) => (pem ?? "").slice(0, n)),
  fc.constant("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"),
);

const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
  pemLike.map((value) => new URLSearchParams({ business_public_key: value }).toString()),
  fc
    .tuple(fc.string({ maxLength: 20 }), pemLike)
    .map(
      ([name, value]) =>
        `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--b--\r\n`,
    ),
);

const contentType = fc.oneof(
  fc.constant("application/x-www-form-urlencoded"),
  fc.constant("multipart/form-data; boundary=b"),
  fc.constant("multipart/form-data"),
  fc.constant("application/json"),
  fc.string({ maxLength: 40 }),
);

const input: fc.Arbitrary<Input> = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
  path: fc.oneof(fc.constant(PATH), fc.constant(`${PATH}/`), fc.webPath()),
  query: fc.array(
    fc.tuple(
      fc.oneof(fc.constant("fields"), fc.string({ maxLength: 10 })),
      fc.string({ maxLength: 60 }),
    ),
    { maxLength: 3 },
  ),
  apiKey: fc.option(fc.oneof(fc.constant(SECRET), fc.string({ maxLength: 30 }))),
  headers: fc.array(
    fc.tuple(
      fc.constantFrom("content-type", "x-anything", "content-length"),
      fc.oneof(contentType, fc.string({ maxLength: 30 })),
    ),
    { maxLength: 3 },
  ),
  body,
});

function toRequest(base: string, i: Input): Request | undefined {
  const url = new URL(`${base}${i.path}`);
  for (const [k, v] of i.query) url.searchParams.append(k, v);
  let headers: Headers;
  try {
    headers = new Headers(i.headers);
    if (i.apiKey !== null) headers.set("d360-api-key", i.apiKey);
  } catch {
    return undefined; // not a valid header value at all: no client could send it
  }
  headers.delete("content-length"); // a lying length is refused by fetch itself
  const withBody = i.method !== "GET" && i.method !== "HEAD";
  return new Request(url, {
    method: i.method,
    headers,
    body: withBody ? toBody(i.body) : undefined,
  });
}

function toBody(body: Input["body"]): BodyInit | undefined {
  return body instanceof Uint8Array ? new Uint8Array(body) : body;
}

async function checkResponse(res: Response, method: string, path: string): Promise<void> {
  expect(STATUSES.has(res.status), `status ${res.status}`).toBe(true);
  const text = await res.text();
  expect(text).not.toContain(SECRET);
  if (method === "HEAD") return;
  const json = JSON.parse(text) as Record<string, unknown>;
  if (res.status === 200) {
    // The Encryption endpoint's shapes; any other path is another operation of the spec (a
    // one-segment path is Meta's `/{media_id}`), answered with a JSON object.
    if (path === PATH) expect(Object.keys(json)).toEqual([method === "GET" ? "data" : "success"]);
    else expect(typeof json === "object" && json !== null && !Array.isArray(json)).toBe(true);
  } else {
    expect(Object.keys(json)).toEqual(["error"]);
    if (typeof json.error !== "string") {
      // Meta's endpoints answer Meta's envelope: {"error": {"message", "type", "code", …}}.
      expect(json.error).toMatchObject({ message: expect.any(String), code: expect.any(Number) });
    }
  }
}

describe("malformed input never yields a 500", () => {
  it("in process: every answer is a documented status with a JSON body matching the schema", async () => {
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const handler = createMockHandler({ apiKeys: [SECRET], maxBodyBytes: 200 });
        const request = toRequest("http://mock.test", i);
        if (!request) return;
        await checkResponse(await handler(request), i.method, new URL(request.url).pathname);
        const [record] = handler.requests;
        expect(JSON.stringify(record)).not.toContain(SECRET);
        expect(record?.status).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  describe("over HTTP", () => {
    let server: MockServer;
    beforeAll(async () => {
      server = await startMockServer({ apiKeys: [SECRET], maxBodyBytes: 200 });
    });
    afterAll(() => server.close());

    it("the Node server answers the same way", async () => {
      await fc.assert(
        fc.asyncProperty(input, async (i) => {
          const request = toRequest(server.url, i);
          if (!request) return;
          await checkResponse(await fetch(request), i.method, new URL(request.url).pathname);
        }),
        { numRuns: 60 },
      );
    });
  });
});
