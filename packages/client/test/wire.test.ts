// What goes over the wire: method, path, API key header, User-Agent, the `fields` query and the
// form body. Checked three ways: raw bytes on a plain node:http server, the mock server over
// HTTP, and the mock's handler in process (the `fetch` option).
import { createMockHandler, startMockServer } from "@d360-messaging/mock-server";
import { SPEC_VERSION } from "@d360-messaging/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_VERSION, DEFAULT_BASE_URL, OPERATIONS } from "../src/generated/operations.js";
import { createD360Client, USER_AGENT } from "../src/index.js";
import { keys } from "./support/keys.js";
import { type Recorder, startRecorder } from "./support/recorder.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

const PATH = "/whatsapp_business_encryption";
let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(async () => {
  await recorder.close();
  await expectNoLeak();
});

function recorded() {
  const last = recorder.requests.at(-1);
  if (!last) throw new Error("the recorder received nothing");
  return last;
}

describe("raw wire format (node:http recorder)", () => {
  it("GET without fields: exact path, no query, API key and User-Agent headers", async () => {
    const client = createD360Client({ apiKey: API_KEY, baseUrl: recorder.url });
    await expect(client.encryption.getBusinessPublicKey()).resolves.toBeNull();
    const req = recorded();
    expect(req.method).toBe("GET");
    expect(req.target).toBe(PATH);
    expect(req.headers["d360-api-key"]).toBe(API_KEY);
    expect(req.headers["user-agent"]).toBe(
      `@d360-messaging/client/${CLIENT_VERSION} (spec ${SPEC_VERSION})`,
    );
    expect(req.headers["user-agent"]).toBe(USER_AGENT);
    expect(req.headers["content-type"]).toBeUndefined();
    expect(req.body).toBe("");
  });

  it("GET with fields: one comma-separated value with literal commas", async () => {
    const client = createD360Client({ apiKey: API_KEY, baseUrl: recorder.url });
    await client.encryption.getBusinessPublicKey({
      fields: ["business_public_key", "business_public_key_signature_status"],
    });
    expect(recorded().target).toBe(
      `${PATH}?fields=business_public_key,business_public_key_signature_status`,
    );
    await client.encryption.getBusinessPublicKey({ fields: [] });
    expect(recorded().target).toBe(PATH);
  });

  it("POST: form-urlencoded body with the canonical SPKI PEM", async () => {
    recorder.queue.push({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"success":true}',
    });
    const client = createD360Client({ apiKey: API_KEY, baseUrl: recorder.url });
    // PKCS#1 in, with CRLF line ends: the client must send the canonical SPKI form.
    const input = keys.pkcs1PublicPem.replace(/\n/g, "\r\n");
    await expect(client.encryption.setBusinessPublicKey(input)).resolves.toEqual({ success: true });
    const req = recorded();
    expect(req.method).toBe("POST");
    expect(req.target).toBe(PATH);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers["d360-api-key"]).toBe(API_KEY);
    expect(req.body.startsWith("business_public_key=-----BEGIN+PUBLIC+KEY-----%0A")).toBe(true);
    const pem = new URLSearchParams(req.body).get("business_public_key") ?? "";
    expect([...new URLSearchParams(req.body).keys()]).toEqual(["business_public_key"]);
    expect(pem).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/,
    );
    // In the value, characters with a meaning in a form body are percent-encoded (the PEM's
    // spaces become "+", as application/x-www-form-urlencoded says).
    const value = req.body.slice("business_public_key=".length);
    expect(value).not.toMatch(/[\n/=&]/);
    expect(decodeURIComponent(value.replace(/\+/g, " "))).toBe(pem);
  });

  it("a base URL with a path prefix and a trailing slash keeps the prefix once", async () => {
    const client = createD360Client({ apiKey: API_KEY, baseUrl: `${recorder.url}/v2/` });
    await client.encryption.getBusinessPublicKey();
    expect(recorded().target).toBe(`/v2${PATH}`);
  });

  it("extra headers are sent; they may replace the User-Agent but never the API key", async () => {
    const client = createD360Client({
      apiKey: API_KEY,
      baseUrl: recorder.url,
      headers: { "X-Trace": "abc", "User-Agent": "billing/1.0", "D360-API-KEY": "not-this-one" },
    });
    await client.GET(PATH);
    const req = recorded();
    expect(req.headers["x-trace"]).toBe("abc");
    expect(req.headers["user-agent"]).toBe("billing/1.0");
    expect(req.headers["d360-api-key"]).toBe(API_KEY);
  });
});

describe("the spec's defaults", () => {
  it("baseUrl defaults to the spec's server", async () => {
    const seen: string[] = [];
    const client = createD360Client({
      apiKey: API_KEY,
      fetch: async (request) => {
        seen.push(request.url);
        return Response.json({ data: [] });
      },
    });
    await client.encryption.getBusinessPublicKey();
    expect(DEFAULT_BASE_URL).toBe("https://waba-v2.360dialog.io");
    expect(seen).toEqual([`${DEFAULT_BASE_URL}${PATH}`]);
  });

  it("every operation in OPERATIONS has a method of the same name in a namespace, and nothing else is one but the tag extensions' methods", () => {
    // Derived from the generated table, whatever tags and operations the spec has.
    const client = createD360Client({ apiKey: API_KEY }) as unknown as Record<string, unknown>;
    const methods = Object.entries(client)
      .filter(([key, value]) => /^[a-z]/.test(key) && typeof value === "object" && value !== null)
      .flatMap(([, namespace]) =>
        Object.entries(namespace as Record<string, unknown>)
          .filter(([, method]) => typeof method === "function")
          .map(([name]) => name),
      );
    // Hand-written methods beside the operations (src/extensions/tags/).
    const tagMethods = ["download", "markAsRead", "upload"];
    expect(methods.sort()).toEqual([...Object.keys(OPERATIONS), ...tagMethods].sort());
    expect(OPERATIONS.getBusinessPublicKey).toMatchObject({ method: "GET", path: PATH });
    expect(OPERATIONS.setBusinessPublicKey).toMatchObject({ method: "POST", path: PATH });
  });
});

describe.each([
  ["over HTTP", "http"],
  ["in process", "handler"],
] as const)("against the mock server %s", (_label, mode) => {
  async function setup() {
    if (mode === "http") {
      const server = await startMockServer({ apiKeys: [API_KEY] });
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl: server.url,
        retry: { delay: 1 },
      });
      return { client, mock: server.handler, close: () => server.close() };
    }
    const handler = createMockHandler({ apiKeys: [API_KEY] });
    const client = createD360Client({ apiKey: API_KEY, fetch: handler, retry: { delay: 1 } });
    return { client, mock: handler, close: async () => {} };
  }

  it("uploads a key, reads it back, and the mock saw the exact wire format", async () => {
    const { client, mock, close } = await setup();
    try {
      await expect(client.encryption.getBusinessPublicKey()).resolves.toBeNull();
      await expect(client.encryption.setBusinessPublicKey(keys.publicPem)).resolves.toEqual({
        success: true,
      });
      await expect(client.encryption.getBusinessPublicKey()).resolves.toEqual({
        business_public_key: keys.publicPem,
        business_public_key_signature_status: "VALID",
      });
      await expect(
        client.encryption.getBusinessPublicKey({
          fields: ["business_public_key_signature_status"],
        }),
      ).resolves.toEqual({ business_public_key_signature_status: "VALID" });

      const [get, post, , getFields] = mock.requests;
      expect(get).toMatchObject({ method: "GET", path: PATH, query: {}, body: "", status: 200 });
      expect(get?.headers["d360-api-key"]).toBe("[REDACTED]");
      expect(get?.headers["user-agent"]).toBe(USER_AGENT);
      expect(post).toMatchObject({ method: "POST", path: PATH, status: 200 });
      expect(post?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(post?.body).toBe(
        new URLSearchParams({ business_public_key: keys.publicPem }).toString(),
      );
      expect(getFields?.query).toEqual({ fields: "business_public_key_signature_status" });
      expect(mock.getBusinessPublicKey(API_KEY)).toBe(keys.publicPem);
    } finally {
      await close();
    }
  });

  it("the generic GET/POST keep openapi-fetch's { data, error, response } contract", async () => {
    const { client, mock, close } = await setup();
    try {
      const ok = await client.GET(PATH, { params: { query: { fields: "business_public_key" } } });
      expect(ok.data).toEqual({ data: [] });
      expect(ok.response.status).toBe(200);
      const bad = await client.POST(PATH, {
        body: { business_public_key: "not a key" },
        bodySerializer: (body) => new URLSearchParams(body).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      expect(bad.response.status).toBe(400);
      expect(bad.error).toEqual({ error: expect.any(String) });
      expect(mock.requests.at(-1)?.body).toBe("business_public_key=not+a+key");
    } finally {
      await close();
    }
  });

  it("a wrong API key is a 401 ApiError whose message does not contain the key", async () => {
    const { close } = await setup();
    const other = mode === "http" ? undefined : createMockHandler({ apiKeys: ["someone-else"] });
    try {
      const client =
        other === undefined
          ? createD360Client({ apiKey: API_KEY, baseUrl: recorder.url })
          : createD360Client({ apiKey: API_KEY, fetch: other });
      if (other === undefined) {
        recorder.queue.push({
          status: 401,
          headers: { "content-type": "application/json" },
          body: '{"error":"Invalid API key"}',
        });
      }
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(error).toMatchObject({
        name: "ApiError",
        status: 401,
        body: { error: "Invalid API key" },
        attempts: 1,
      });
      expect(error.message).toContain("Check the apiKey option");
    } finally {
      await close();
    }
  });
});
