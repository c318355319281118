// Edge cases found in review: error bodies a gateway may send, the caller's signal while the body
// is still arriving, and the headers an error's request copy shows.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createMockHandler } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createD360Client, isApiError } from "../src/index.js";
import { API_KEY, caught, expectNoLeak, exposure } from "./support/secrets.js";

afterAll(() => expectNoLeak());

describe("error bodies", () => {
  it("an object in `error` (not the spec's string) still gives an ApiError, not a TypeError", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    mock.faults.enqueue({
      status: 400,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error: { message: "bad field", code: 100 } }),
    });
    const client = createD360Client({ apiKey: API_KEY, fetch: mock, retry: false });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(isApiError(error)).toBe(true);
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ error: { message: "bad field", code: 100 } });
  });

  it.each([
    ["JSON", "application/json", JSON.stringify({ error: `invalid key ${API_KEY}` })],
    ["text", "text/plain", `<html>key ${API_KEY} refused</html>`],
  ])(
    "a %s body quoting the API key is scrubbed before the error keeps it",
    async (_, type, body) => {
      const mock = createMockHandler({ apiKeys: [API_KEY] });
      mock.faults.enqueue({ status: 401, headers: { "content-type": type }, body });
      const client = createD360Client({ apiKey: API_KEY, fetch: mock });
      const error = await caught(client.encryption.getBusinessPublicKey());
      expect(error.status).toBe(401);
      expect(JSON.stringify(error.body)).toContain("[REDACTED]");
      expect(await exposure(error)).not.toContain(API_KEY);
    },
  );
});

describe("an error's request copy", () => {
  it("has one User-Agent, the user's when given", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    mock.faults.enqueue({ status: 404, body: '{"error":"no"}' });
    const client = createD360Client({
      apiKey: API_KEY,
      fetch: mock,
      headers: { "User-Agent": "mine/1" },
    });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect((error.request as Request).headers.get("user-agent")).toBe("mine/1");
  });
});

describe("the caller's signal while the body is read", () => {
  // Headers at once, the body only after a long pause: the call has left the retry wrapper.
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data":[');
      const timer = setTimeout(() => res.end("]}"), 3000);
      res.on("close", () => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("still cancels the call with the default timeout in place", async () => {
    const client = createD360Client({ apiKey: API_KEY, baseUrl: url });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    // No ceiling on the time: left alone, the server ends the body after 3 s and the call
    // succeeds, so an AbortError is the proof.
    const error = await caught(
      client.encryption.getBusinessPublicKey({ signal: controller.signal }),
    );
    expect(error.name).toBe("AbortError");
  });
});
