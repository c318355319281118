// What the real 360dialog API answers on a bad day, over real loopback HTTP: the rate limit's
// default answer and the vendor fault presets (360dialog "Error Code Reference" and "Error
// Messages"; Meta "Error codes" for the Graph envelope).
import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, startMockServer, vendorFaults } from "../src/index.node.js";
import { PATH } from "./helpers.js";

let server: MockServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function call(s: MockServer, init: RequestInit = {}) {
  const res = await fetch(`${s.url}${PATH}`, {
    ...init,
    headers: { "D360-API-KEY": s.apiKeys[0] ?? "", ...init.headers },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe("the rate limit over HTTP", () => {
  it("answers 400 with the vendor's message and envelope by default", async () => {
    let now = 0;
    server = await startMockServer({ rateLimit: { requests: 1, perMs: 1_000 }, now: () => now });
    expect((await call(server)).status).toBe(200);
    const refused = await call(server);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(JSON.parse(refused.text)).toEqual({
      error: "You have exceeded the endpoint rate limit.",
    });
    now += 1_000;
    expect((await call(server)).status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([200, 400, 200]);
  });

  it('keeps the spec\'s 429 with Retry-After as response: "spec"', async () => {
    server = await startMockServer({
      rateLimit: { requests: 1, perMs: 1_000, response: "spec" },
      now: () => 0,
    });
    await call(server);
    const refused = await call(server);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
  });
});

describe("vendorFaults over HTTP", () => {
  const json = "application/json; charset=utf-8";
  it.each([
    [
      "rateLimit",
      vendorFaults.rateLimit(),
      400,
      json,
      { error: "You have exceeded the endpoint rate limit." },
    ],
    [
      "legacyRateLimit(7)",
      vendorFaults.legacyRateLimit(7),
      400,
      json,
      {
        meta: {
          httpCode: 400,
          developerMessage:
            "You have exceeded the limit of 1 request every 7 seconds. Try again later.",
          success: false,
        },
      },
    ],
    [
      "policyBlock",
      vendorFaults.policyBlock({ errorSubcode: 42, fbtraceId: "trace-1" }),
      403,
      json,
      {
        error: {
          message: "(#368) Temporarily blocked for policies violations",
          type: "OAuthException",
          code: 368,
          error_subcode: 42,
          fbtrace_id: "trace-1",
        },
      },
    ],
    [
      "restart",
      vendorFaults.restart(),
      555,
      json,
      { meta: { success: false, http_code: 555, developer_message: "Internal server error" } },
    ],
    [
      "disabled",
      vendorFaults.disabled(),
      400,
      json,
      { error: "Your WhatsApp for Business API has been disabled" },
    ],
    [
      "lackOfPayment",
      vendorFaults.lackOfPayment(),
      400,
      json,
      {
        error:
          "Could not send message due to lack of payment. Messaging can resume once overdue invoices towards 360Dialog are settled. Please reach out to our integration partner.",
      },
    ],
    [
      "endpointBlocked",
      vendorFaults.endpointBlocked(),
      403,
      json,
      { error: "The endpoint is blocked" },
    ],
  ])("%s answers its status and exact body", async (_, fault, status, contentType, body) => {
    server = await startMockServer();
    server.faults.enqueue(fault);
    const res = await call(server);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe(contentType);
    expect(JSON.parse(res.text)).toEqual(body);
    // One-shot, like any fault: the API answers the next request.
    expect((await call(server)).status).toBe(200);
  });

  it("policyBlock has a deterministic default trace id and subcode", () => {
    expect(vendorFaults.policyBlock()).toEqual(vendorFaults.policyBlock());
    expect(vendorFaults.policyBlock().body).toMatchObject({
      error: { code: 368, error_subcode: expect.any(Number), fbtrace_id: expect.any(String) },
    });
  });

  it("proxyUnavailable answers the proxy's HTML 503 page", async () => {
    server = await startMockServer();
    server.faults.enqueue({ ...vendorFaults.proxyUnavailable(), times: 2 });
    const res = await call(server);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(res.text).toMatch(
      /^<html>\r\n<head><title>503 Service Temporarily Unavailable<\/title>/,
    );
    expect(() => JSON.parse(res.text)).toThrow(SyntaxError);
    expect((await call(server)).status).toBe(503);
    expect((await call(server)).status).toBe(200);
  });

  it("presets compose with method, path and times", async () => {
    server = await startMockServer();
    server.faults.enqueue({ ...vendorFaults.restart(), method: "POST" });
    expect((await call(server)).status).toBe(200);
    expect((await call(server, { method: "POST" })).status).toBe(555);
  });

  it("legacyRateLimit refuses an interval that is not a whole number of seconds", () => {
    expect(() => vendorFaults.legacyRateLimit(0)).toThrow(RangeError);
    expect(() => vendorFaults.legacyRateLimit(1.5)).toThrow(RangeError);
  });
});
