import { beforeAll, describe, expect, it } from "vitest";
import {
  createMockHandler,
  DEFAULT_API_KEY,
  type MockHandler,
  type MockOptions,
} from "../src/index.js";
import { FORM, formBody, PATH, rsaKeyPair } from "./helpers.js";

const BASE = "http://mock.test";
let pem: string;
let otherPem: string;

beforeAll(() => {
  pem = rsaKeyPair().publicKeyPem;
  otherPem = rsaKeyPair().publicKeyPem;
});

function get(handler: MockHandler, query = "", key: string | null = DEFAULT_API_KEY) {
  return handler(
    new Request(`${BASE}${PATH}${query}`, { headers: key === null ? {} : { "D360-API-KEY": key } }),
  );
}

function post(
  handler: MockHandler,
  body: BodyInit,
  headers: Record<string, string> = FORM,
  key = DEFAULT_API_KEY,
) {
  return handler(
    new Request(`${BASE}${PATH}`, {
      method: "POST",
      body,
      headers: { ...headers, "D360-API-KEY": key },
    }),
  );
}

function mock(options?: MockOptions) {
  return createMockHandler(options);
}

describe("GET /whatsapp_business_encryption", () => {
  it("answers an empty data array before any upload", async () => {
    const res = await get(mock());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ data: [] });
  });

  it("reports the uploaded key and VALID after an upload", async () => {
    const handler = mock();
    const up = await post(handler, formBody(pem));
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ success: true });
    const res = await get(handler);
    expect(await res.json()).toEqual({
      data: [{ business_public_key: pem, business_public_key_signature_status: "VALID" }],
    });
  });

  it("honours fields, comma-separated and trimmed", async () => {
    const handler = mock({ businessPublicKeys: { [DEFAULT_API_KEY]: pem } });
    expect(await (await get(handler, "?fields=business_public_key")).json()).toEqual({
      data: [{ business_public_key: pem }],
    });
    expect(
      await (await get(handler, "?fields=business_public_key_signature_status")).json(),
    ).toEqual({ data: [{ business_public_key_signature_status: "VALID" }] });
    const both = await get(
      handler,
      "?fields=business_public_key_signature_status,%20business_public_key",
    );
    expect(await both.json()).toEqual({
      data: [{ business_public_key: pem, business_public_key_signature_status: "VALID" }],
    });
  });

  it("rejects an unknown field with 400 ErrorResp naming the available ones", async () => {
    const res = await get(mock(), "?fields=business_public_key,secret");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error).toContain('"secret"');
    expect(body.error).toContain("business_public_key_signature_status");
  });
});

describe("authentication", () => {
  it("answers 401 ErrorResp for a missing key", async () => {
    const res = await get(mock(), "", null);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.stringContaining("D360-API-KEY") });
  });

  it("answers 401 for an unknown key without echoing it", async () => {
    const res = await get(mock(), "", "not-a-real-key-123");
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("not-a-real-key-123");
  });

  it("keeps one key per channel", async () => {
    const handler = mock({ apiKeys: ["key-a", "key-b"] });
    expect((await post(handler, formBody(pem), FORM, "key-a")).status).toBe(200);
    expect((await post(handler, formBody(otherPem), FORM, "key-b")).status).toBe(200);
    expect(handler.getBusinessPublicKey("key-a")).toBe(pem);
    expect(handler.getBusinessPublicKey("key-b")).toBe(otherPem);
    expect(await (await get(handler, "", "key-a")).json()).toMatchObject({
      data: [{ business_public_key: pem }],
    });
    // The default key is not accepted when apiKeys is given.
    expect((await get(handler, "", DEFAULT_API_KEY)).status).toBe(401);
  });

  it("refuses bad apiKeys options without naming the key", () => {
    expect(() => mock({ apiKeys: ["dup-secret", "dup-secret"] })).toThrow(/apiKeys\[1\]/);
    expect(() => mock({ apiKeys: ["x\ny"] })).toThrow(/CR, LF/);
    expect(() => mock({ apiKeys: [""] })).toThrow(TypeError);
    try {
      mock({ apiKeys: ["dup-secret", "dup-secret"] });
    } catch (e) {
      expect(String(e)).not.toContain("dup-secret");
    }
  });
});

describe("POST /whatsapp_business_encryption", () => {
  it("accepts multipart/form-data, as a field and as a file part", async () => {
    const handler = mock();
    const form = new FormData();
    form.set("business_public_key", pem);
    expect((await post(handler, form, {})).status).toBe(200);
    expect(handler.getBusinessPublicKey(DEFAULT_API_KEY)).toBe(pem);

    const file = new FormData();
    file.set("business_public_key", new Blob([otherPem]), "key.pem");
    expect((await post(handler, file, {})).status).toBe(200);
    expect(handler.getBusinessPublicKey(DEFAULT_API_KEY)).toBe(otherPem);
  });

  it("replaces the previous key", async () => {
    const handler = mock();
    await post(handler, formBody(pem));
    await post(handler, formBody(otherPem));
    const body = (await (await get(handler)).json()) as { data: unknown[] };
    expect(body.data).toEqual([
      { business_public_key: otherPem, business_public_key_signature_status: "VALID" },
    ]);
  });

  it.each([
    ["a missing field", "other=1", /Missing business_public_key/],
    ["an empty field", "business_public_key=", /empty/],
    ["a blank field", "business_public_key=%20%0A", /empty/],
    ["a non-PEM value", "business_public_key=hello", /BEGIN PUBLIC KEY/],
  ])("answers 400 ErrorResp for %s", async (_, body, message) => {
    const handler = mock();
    const res = await post(handler, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringMatching(message) });
    expect(handler.getBusinessPublicKey(DEFAULT_API_KEY)).toBeUndefined();
  });

  it("answers 400 for a body that is neither form type, and for broken multipart", async () => {
    const json = await post(mock(), JSON.stringify({ business_public_key: pem }), {
      "content-type": "application/json",
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({
      error: expect.stringContaining("Unsupported Content-Type"),
    });
    const broken = await post(mock(), "--x\r\nnot a part", {
      "content-type": "multipart/form-data; boundary=x",
    });
    expect(broken.status).toBe(400);
    const noBoundary = await post(mock(), "abc", { "content-type": "multipart/form-data" });
    expect(noBoundary.status).toBe(400);
  });
});

describe("routing and limits", () => {
  it("answers 404 ErrorResp for an unknown path", async () => {
    const res = await mock()(new Request(`${BASE}/v1/messages`, { method: "POST" }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it("answers 405 with Allow for another method", async () => {
    for (const method of ["PUT", "PATCH"]) {
      const res = await mock()(new Request(`${BASE}${PATH}`, { method }));
      expect(res.status).toBe(405);
      // DELETE is served on this path: `DELETE /{media_id}` (Meta's Media) matches any
      // one-segment path.
      expect(res.headers.get("allow")).toBe("GET, HEAD, POST, DELETE");
      expect(await res.json()).toEqual({ error: expect.stringContaining(method) });
    }
    const del = await mock()(
      new Request(`${BASE}${PATH}`, {
        method: "DELETE",
        headers: { "D360-API-KEY": DEFAULT_API_KEY },
      }),
    );
    expect(del.status).toBe(404);
    expect(await del.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
  });

  it("answers HEAD as GET without a body, authenticated like GET", async () => {
    const handler = mock({ businessPublicKeys: { [DEFAULT_API_KEY]: pem } });
    const head = (key?: string) =>
      handler(
        new Request(`${BASE}${PATH}`, {
          method: "HEAD",
          headers: key ? { "D360-API-KEY": key } : {},
        }),
      );
    const ok = await head(DEFAULT_API_KEY);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await ok.text()).toBe("");
    expect((await head()).status).toBe(401);
    expect(handler.requests.map((r) => [r.method, r.status])).toEqual([
      ["HEAD", 200],
      ["HEAD", 401],
    ]);
  });

  it("answers 413 for a body over maxBodyBytes and keeps none of it", async () => {
    const handler = mock({ maxBodyBytes: 100 });
    const res = await post(handler, `business_public_key=${"A".repeat(500)}`);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringContaining("100 bytes") });
    expect(handler.requests[0]).toMatchObject({ method: "POST", body: "", status: 413 });
  });

  it("answers 413 for a declared Content-Length over the limit, and for one that understates the body", async () => {
    const handler = mock({ maxBodyBytes: 100 });
    const declared = await handler(
      new Request(`${BASE}${PATH}`, {
        method: "POST",
        body: "x".repeat(101),
        headers: { ...FORM, "content-length": "101", "D360-API-KEY": DEFAULT_API_KEY },
      }),
    );
    expect(declared.status).toBe(413);
    const understated = await handler(
      new Request(`${BASE}${PATH}`, {
        method: "POST",
        body: "x".repeat(500),
        headers: { ...FORM, "content-length": "5", "D360-API-KEY": DEFAULT_API_KEY },
      }),
    );
    expect(understated.status).toBe(413);
  });

  it("answers 413 for a streamed body without content-length", async () => {
    const handler = mock({ maxBodyBytes: 10 });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode("0123456789"));
        controller.close();
      },
    });
    const res = await handler(
      new Request(`${BASE}${PATH}`, {
        method: "POST",
        body: stream,
        headers: { ...FORM, "D360-API-KEY": DEFAULT_API_KEY },
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
  });
});

describe("a body stream that fails", () => {
  it("answers 400 ErrorResp and records the request", async () => {
    const handler = mock();
    const res = await handler(
      new Request(`${BASE}${PATH}`, {
        method: "POST",
        body: new ReadableStream({
          pull(controller) {
            controller.error(new Error("connection reset"));
          },
        }),
        headers: { ...FORM, "D360-API-KEY": DEFAULT_API_KEY },
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Could not read the request body" });
    expect(handler.requests).toMatchObject([{ method: "POST", body: "", status: 400 }]);
  });
});

describe("recorded requests", () => {
  it("records method, path, query, headers, body and channel, with the key redacted", async () => {
    const handler = mock({ apiKeys: ["first-secret", "second-secret"] });
    await post(handler, formBody(pem), { ...FORM, "x-trace": "t1" }, "second-secret");
    await get(handler, "?fields=business_public_key&x=1", "nope-secret");
    expect(handler.requests).toHaveLength(2);
    const [upload, read] = handler.requests;
    expect(upload).toMatchObject({
      method: "POST",
      path: PATH,
      query: {},
      body: formBody(pem),
      channel: 1,
      status: 200,
      fault: false,
    });
    expect(upload?.headers["d360-api-key"]).toBe("[REDACTED]");
    expect(upload?.headers["x-trace"]).toBe("t1");
    expect(read).toMatchObject({
      method: "GET",
      query: { fields: "business_public_key", x: "1" },
      status: 401,
    });
    expect(read?.channel).toBeUndefined();
    expect(JSON.stringify(handler.requests)).not.toMatch(/secret/);
  });

  it("reset() restores initial keys and clears requests, faults and rate-limit windows", async () => {
    const handler = mock({
      businessPublicKeys: { [DEFAULT_API_KEY]: pem },
      rateLimit: { requests: 1, perMs: 60_000 },
    });
    const requests = handler.requests;
    await post(handler, formBody(otherPem));
    expect((await get(handler)).status).toBe(400);
    handler.faults.enqueue({ status: 503 });
    handler.reset();
    expect(handler.requests).toBe(requests);
    expect(requests).toHaveLength(0);
    expect(handler.faults.size).toBe(0);
    expect(handler.getBusinessPublicKey(DEFAULT_API_KEY)).toBe(pem);
    expect((await get(handler)).status).toBe(200);
  });
});

describe("store access", () => {
  it("setBusinessPublicKey stores a key the API then reports, with a chosen status", async () => {
    const handler = mock();
    handler.setBusinessPublicKey(DEFAULT_API_KEY, pem, { signatureStatus: "MISMATCH" });
    expect(handler.getBusinessEncryptionInfo(DEFAULT_API_KEY)).toEqual({
      business_public_key: pem,
      business_public_key_signature_status: "MISMATCH",
    });
    expect(await (await get(handler)).json()).toMatchObject({
      data: [{ business_public_key_signature_status: "MISMATCH" }],
    });
  });

  it("setBusinessPublicKey refuses an unknown channel and an invalid key", () => {
    const handler = mock();
    expect(() => handler.setBusinessPublicKey("who-secret", pem)).toThrow(/Unknown API key/);
    expect(() => handler.setBusinessPublicKey(DEFAULT_API_KEY, "nope")).toThrow();
    expect(handler.getBusinessPublicKey("who-secret")).toBeUndefined();
  });

  it("refuses businessPublicKeys for a key that is not configured", () => {
    expect(() => mock({ businessPublicKeys: { other: pem } })).toThrow(/not one of apiKeys/);
  });
});
