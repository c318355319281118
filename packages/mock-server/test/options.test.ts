// Options of createMockHandler: the signature status a number reports, the bounded request log,
// and API keys no header can carry.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMockHandler,
  DEFAULT_API_KEY,
  DEFAULT_MAX_RECORDED_REQUESTS,
  InvalidApiKeyError,
  isInvalidApiKeyError,
  type MockServer,
  startMockServer,
} from "../src/index.node.js";
import { FORM, formBody, PATH, rsaKeyPair } from "./helpers.js";

let pem: string;
beforeAll(() => {
  pem = rsaKeyPair().publicKeyPem;
});

const BASE = "http://mock.test";

function upload(handler: ReturnType<typeof createMockHandler>, apiKey = DEFAULT_API_KEY) {
  return handler(
    new Request(`${BASE}${PATH}`, {
      method: "POST",
      headers: { ...FORM, "D360-API-KEY": apiKey },
      body: formBody(pem),
    }),
  );
}

async function reported(handler: ReturnType<typeof createMockHandler>, apiKey = DEFAULT_API_KEY) {
  const res = await handler(new Request(`${BASE}${PATH}`, { headers: { "D360-API-KEY": apiKey } }));
  const body = (await res.json()) as { data: { business_public_key_signature_status?: string }[] };
  return body.data[0]?.business_public_key_signature_status;
}

describe("signatureStatus", () => {
  it("reports VALID after an upload by default", async () => {
    const handler = createMockHandler();
    await upload(handler);
    expect(await reported(handler)).toBe("VALID");
  });

  it('"MISMATCH" makes every number report MISMATCH after an upload, and for initial keys', async () => {
    const handler = createMockHandler({
      apiKeys: ["a", "b"],
      businessPublicKeys: { b: pem },
      signatureStatus: "MISMATCH",
    });
    expect((await upload(handler, "a")).status).toBe(200);
    expect(await reported(handler, "a")).toBe("MISMATCH");
    expect(await reported(handler, "b")).toBe("MISMATCH");
    // reset() keeps it: it is the numbers' configuration, not state.
    handler.reset();
    expect(await reported(handler, "b")).toBe("MISMATCH");
    // setBusinessPublicKey stores as an upload would, unless told otherwise.
    handler.setBusinessPublicKey("a", pem);
    expect(handler.getBusinessEncryptionInfo("a")?.business_public_key_signature_status).toBe(
      "MISMATCH",
    );
    handler.setBusinessPublicKey("a", pem, { signatureStatus: "VALID" });
    expect(await reported(handler, "a")).toBe("VALID");
  });

  it("per key: only the numbers listed report MISMATCH", async () => {
    const handler = createMockHandler({
      apiKeys: ["a", "b"],
      signatureStatus: { b: "MISMATCH" },
    });
    await upload(handler, "a");
    await upload(handler, "b");
    expect(await reported(handler, "a")).toBe("VALID");
    expect(await reported(handler, "b")).toBe("MISMATCH");
  });

  it("over HTTP, a client reads MISMATCH for the number", async () => {
    const server = await startMockServer({ signatureStatus: "MISMATCH" });
    try {
      const key = server.apiKeys[0] ?? "";
      await fetch(`${server.url}${PATH}`, {
        method: "POST",
        headers: { ...FORM, "D360-API-KEY": key },
        body: formBody(pem),
      });
      const res = await fetch(`${server.url}${PATH}?fields=business_public_key_signature_status`, {
        headers: { "D360-API-KEY": key },
      });
      expect(await res.json()).toEqual({
        data: [{ business_public_key_signature_status: "MISMATCH" }],
      });
    } finally {
      await server.close();
    }
  });

  it("refuses an unknown status and a key that is not configured, without naming the key", () => {
    expect(() => createMockHandler({ signatureStatus: "BROKEN" as unknown as "VALID" })).toThrow(
      /"VALID" or "MISMATCH"/,
    );
    expect(() =>
      createMockHandler({ signatureStatus: { [DEFAULT_API_KEY]: "valid" as unknown as "VALID" } }),
    ).toThrow(/apiKeys\[0\]/);
    let error: unknown;
    try {
      createMockHandler({ signatureStatus: { "stray-secret": "MISMATCH" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain("stray-secret");
  });
});

describe("the request log is bounded", () => {
  const get = (handler: ReturnType<typeof createMockHandler>, n: number) =>
    handler(new Request(`${BASE}${PATH}?n=${n}`, { headers: { "D360-API-KEY": DEFAULT_API_KEY } }));

  it(`keeps the newest ${DEFAULT_MAX_RECORDED_REQUESTS} by default, dropping the oldest`, async () => {
    expect(DEFAULT_MAX_RECORDED_REQUESTS).toBe(1000);
    const handler = createMockHandler();
    const requests = handler.requests;
    for (let n = 0; n < 1005; n++) await get(handler, n);
    expect(handler.requests).toBe(requests);
    expect(requests).toHaveLength(1000);
    expect(requests[0]?.query.n).toBe("5");
    expect(requests.at(-1)?.query.n).toBe("1004");
  });

  it("maxRecordedRequests sets the size; 0 records nothing but still answers", async () => {
    const three = createMockHandler({ maxRecordedRequests: 3 });
    for (let n = 0; n < 5; n++) await get(three, n);
    expect(three.requests.map((r) => [r.query.n, r.status])).toEqual([
      ["2", 200],
      ["3", 200],
      ["4", 200],
    ]);
    const none = createMockHandler({ maxRecordedRequests: 0 });
    expect((await get(none, 0)).status).toBe(200);
    expect(none.requests).toEqual([]);
  });

  it("refuses a size that is not an integer >= 0", () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createMockHandler({ maxRecordedRequests: bad })).toThrow(RangeError);
    }
  });
});

describe("API keys no header can carry are refused at creation", () => {
  it.each([
    ["non-ASCII", "clé-secret", "NOT_HEADER_SAFE"],
    ["a character above 0xFF", "key-☃-secret", "NOT_HEADER_SAFE"],
    ["CR", "a\rsecret", "NOT_HEADER_SAFE"],
    ["LF", "a\nsecret", "NOT_HEADER_SAFE"],
    ["NUL", "a\0secret", "NOT_HEADER_SAFE"],
    ["a tab", "a\tsecret", "NOT_HEADER_SAFE"],
    ["DEL", "a\x7fsecret", "NOT_HEADER_SAFE"],
    ["surrounding spaces", " padded-secret ", "SURROUNDING_WHITESPACE"],
    ["only spaces", "   ", "EMPTY"],
    ["an empty key", "", "EMPTY"],
  ])("%s, with a typed error naming the position, not the key", (_, bad, reason) => {
    let error: unknown;
    try {
      createMockHandler({ apiKeys: ["fine-key", bad] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidApiKeyError);
    expect(error).toBeInstanceOf(TypeError);
    expect(isInvalidApiKeyError(error)).toBe(true);
    expect(error).toMatchObject({ name: "InvalidApiKeyError", index: 1, reason });
    const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    if (bad.trim() !== "") expect(shown).not.toContain(bad.trim());
    expect(shown).not.toContain("secret");
  });

  it("refuses a duplicate and a non-string", () => {
    expect(() => createMockHandler({ apiKeys: ["dup", "dup"] })).toThrow(
      expect.objectContaining({ reason: "DUPLICATE", index: 1 }),
    );
    expect(() => createMockHandler({ apiKeys: [42 as unknown as string] })).toThrow(
      expect.objectContaining({ reason: "NOT_A_STRING", index: 0 }),
    );
  });

  it("startMockServer refuses them too, before listening", async () => {
    await expect(startMockServer({ apiKeys: ["ключ"] })).rejects.toBeInstanceOf(InvalidApiKeyError);
  });

  describe("every key it accepts arrives intact over real HTTP", () => {
    let server: MockServer;
    const keys: string[] = [];
    afterAll(() => server?.close());

    it("property: printable ASCII keys are accepted and authenticate; anything else is refused", async () => {
      const printable = fc
        .string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
          minLength: 1,
          maxLength: 40,
        })
        .filter((k) => k.trim() === k && k !== "");
      fc.assert(
        fc.property(
          fc
            .string({ unit: "binary", minLength: 1, maxLength: 20 })
            .filter((k) => /[^\x20-\x7e]/.test(k)),
          (bad) => {
            expect(() => createMockHandler({ apiKeys: [bad] })).toThrow(InvalidApiKeyError);
          },
        ),
        { numRuns: 300 },
      );
      keys.push(...new Set(fc.sample(printable, 40)));
      server = await startMockServer({ apiKeys: keys });
      for (const key of keys) {
        const res = await fetch(`${server.url}${PATH}`, { headers: { "D360-API-KEY": key } });
        expect(res.status, JSON.stringify(key)).toBe(200);
      }
      expect(server.requests.map((r) => r.channel)).toEqual(keys.map((_, i) => i));
    });
  });
});
