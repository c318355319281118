// The proxy recipe of the README, through a real proxy on loopback: undici's EnvHttpProxyAgent
// reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY and is given to the platform fetch as openapi-fetch's
// `requestInitExt` (Node's fetch takes a `dispatcher` there).
import { startMockServer } from "@d360-messaging/mock-server";
import { EnvHttpProxyAgent } from "undici";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createD360Client, isNetworkError } from "../src/index.js";
import { startProxy } from "./support/proxy.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

afterAll(() => expectNoLeak());
afterEach(() => vi.unstubAllEnvs());

describe("HTTPS_PROXY / HTTP_PROXY through EnvHttpProxyAgent", () => {
  it("every request goes through the proxy named in the environment", async () => {
    const proxy = await startProxy();
    const mock = await startMockServer({ apiKeys: [API_KEY] });
    try {
      vi.stubEnv("HTTP_PROXY", proxy.url);
      vi.stubEnv("HTTPS_PROXY", proxy.url);
      vi.stubEnv("NO_PROXY", "");
      // The README's recipe, as is.
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl: mock.url,
        requestInitExt: { dispatcher: new EnvHttpProxyAgent() },
      });
      await expect(client.encryption.getBusinessPublicKey()).resolves.toBeNull();
      const { response } = await client.GET("/whatsapp_business_encryption");
      expect(response.status).toBe(200);
      // One tunnel (keep-alive) to the mock's host, and the mock saw the requests.
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
      expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(mock.url).host]));
      expect(mock.requests).toHaveLength(2);
    } finally {
      await proxy.close();
      await mock.close();
    }
  });

  it("without the agent, the same client goes direct (the proxy sees nothing)", async () => {
    const proxy = await startProxy();
    const mock = await startMockServer({ apiKeys: [API_KEY] });
    try {
      vi.stubEnv("HTTP_PROXY", proxy.url);
      const client = createD360Client({ apiKey: API_KEY, baseUrl: mock.url });
      await client.encryption.getBusinessPublicKey();
      expect(proxy.tunnels).toEqual([]);
      expect(mock.requests).toHaveLength(1);
    } finally {
      await proxy.close();
      await mock.close();
    }
  });

  it("a proxy that refuses the tunnel is a NetworkError with code 'proxy', retried", async () => {
    const proxy = await startProxy({ refuse: 407 });
    try {
      vi.stubEnv("HTTP_PROXY", proxy.url);
      vi.stubEnv("NO_PROXY", "");
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl: "http://127.0.0.1:65000",
        retry: { limit: 1, delay: 1 },
        requestInitExt: { dispatcher: new EnvHttpProxyAgent() },
      });
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(isNetworkError(error)).toBe(true);
      expect(error).toMatchObject({ code: "proxy", attempts: 2 });
      expect(proxy.tunnels).toEqual(["127.0.0.1:65000", "127.0.0.1:65000"]);
    } finally {
      await proxy.close();
    }
  });
});
