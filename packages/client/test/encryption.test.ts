// The encryption namespace's behaviour beyond the wire: results, key checks before sending,
// and error bodies that are not the API's JSON.
import { createMockHandler, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, describe, expect, it } from "vitest";
import { createD360Client, isApiError, isKeyFormatError, KeyFormatError } from "../src/index.js";
import { keys } from "./support/keys.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

afterAll(() => expectNoLeak());

/** A client whose fetch answers every request with `response()`, counting calls. */
function answering(response: () => Response) {
  const calls: Request[] = [];
  const client = createD360Client({
    apiKey: API_KEY,
    retry: false,
    fetch: async (request) => {
      calls.push(request);
      return response();
    },
  });
  return { client, calls };
}

describe("getBusinessPublicKey", () => {
  it("resolves the first data entry, or null when data is empty or absent", async () => {
    const entry = { business_public_key: "PEM", business_public_key_signature_status: "MISMATCH" };
    await expect(
      answering(() =>
        Response.json({ data: [entry, { business_public_key: "other" }] }),
      ).client.encryption.getBusinessPublicKey(),
    ).resolves.toEqual(entry);
    await expect(
      answering(() => Response.json({ data: [] })).client.encryption.getBusinessPublicKey(),
    ).resolves.toBeNull();
    await expect(
      answering(() => Response.json({})).client.encryption.getBusinessPublicKey(),
    ).resolves.toBeNull();
  });

  it("a 200 whose body is not the spec's JSON is an ApiError with an excerpt, never a SyntaxError", async () => {
    for (const body of ["<html>captive portal</html>", "", '{"data": [', '{"data": 5}', "[]"]) {
      const { client } = answering(() => new Response(body, { status: 200 }));
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(error.name, body).toBe("ApiError");
      expect(error).toMatchObject({ status: 200, body: body.replace(/\s+/g, " ").trim() });
      expect(error.message).toContain("Unexpected response with status 200");
      expect(error.message).toContain('expected {"data": [...]}');
    }
  });

  it("reports the API's own error after a refusal", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock });
    const error = await caught(
      client.encryption.getBusinessPublicKey({ fields: ["nope" as "business_public_key"] }),
    );
    expect(error).toMatchObject({ name: "ApiError", status: 400, attempts: 1, method: "GET" });
    expect(error.url).toBe("https://waba-v2.360dialog.io/whatsapp_business_encryption?fields=nope");
    expect((error.body as { error: string }).error).toMatch(/Unknown field "nope"/);
    expect(error.message).toMatch(
      /^Request failed with status 400: GET https:\/\/waba-v2\.360dialog\.io\/whatsapp_business_encryption\?fields=nope \(after 1 attempt\): Unknown field/,
    );
  });
});

describe("error bodies that are not JSON", () => {
  const cases: [string, Response, unknown][] = [
    [
      "an HTML 502 page from a proxy",
      new Response(
        `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${"x".repeat(3000)}</body></html>`,
        {
          status: 502,
          headers: { "content-type": "text/html" },
        },
      ),
      expect.stringMatching(/^<html> <head><title>502 Bad Gateway<\/title><\/head> <body>x+…$/),
    ],
    [
      "an empty 500",
      new Response("", { status: 500, headers: { "content-length": "0" } }),
      undefined,
    ],
    ["truncated JSON", new Response('{"error": "rate lim', { status: 429 }), '{"error": "rate lim'],
  ];
  it.each(cases)(
    "%s → ApiError with the status and a short text excerpt",
    async (_name, response, body) => {
      const { client } = answering(() => response.clone());
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(isApiError(error)).toBe(true);
      expect(error).toMatchObject({ status: response.status, body });
      expect(typeof error.body === "string" ? error.body.length : 0).toBeLessThanOrEqual(1000);
      expect(error.message.length).toBeLessThan(500);
      expect(error.message).toContain(`Request failed with status ${response.status}`);
    },
  );
});

describe("setBusinessPublicKey", () => {
  it("refuses what WhatsApp cannot use with a KeyFormatError, before any request", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    try {
      const overHttp = createD360Client({ apiKey: API_KEY, baseUrl: server.url });
      const inProcess = createD360Client({ apiKey: API_KEY, fetch: mock });
      const refused: [string, string, string][] = [
        ["PKCS#8 private key", keys.privatePem, "PRIVATE_KEY"],
        ["PKCS#1 private key", keys.pkcs1PrivatePem, "PRIVATE_KEY"],
        ["certificate", keys.certificatePem, "CERTIFICATE"],
        ["EC key", keys.ecPublicPem, "NOT_RSA"],
        ["1024-bit RSA key", keys.smallPublicPem, "KEY_TOO_SMALL"],
        ["not PEM", "hello", "NOT_PEM"],
      ];
      for (const [label, input, code] of refused) {
        for (const client of [overHttp, inProcess]) {
          const error = await caught(client.encryption.setBusinessPublicKey(input));
          expect(error, label).toBeInstanceOf(KeyFormatError);
          expect(isKeyFormatError(error)).toBe(true);
          expect(error.code, label).toBe(code);
        }
      }
      // Nothing reached either mock: above all, no private key left the process.
      expect(server.requests).toEqual([]);
      expect(mock.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("accepts PKCS#1 and literal \\n escapes, and uploads the canonical SPKI PEM", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock });
    await client.encryption.setBusinessPublicKey(keys.publicPem.replace(/\n/g, "\\n"));
    expect(new URLSearchParams(mock.requests[0]?.body).get("business_public_key")).toBe(
      keys.publicPem,
    );
    await client.encryption.setBusinessPublicKey(keys.pkcs1PublicPem);
    const uploaded = new URLSearchParams(mock.requests[1]?.body).get("business_public_key") ?? "";
    expect(uploaded).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it("an upload the API does not confirm is an ApiError", async () => {
    const { client } = answering(() => Response.json({ success: false }));
    const error = await caught(client.encryption.setBusinessPublicKey(keys.publicPem));
    expect(error).toMatchObject({ name: "ApiError", status: 200, body: '{"success":false}' });
    expect(error.message).toContain('expected {"success": true}');
  });
});
