// The mock-server's WhatsApp simulator (its own, independent protocol code) drives this
// package's endpoint: in process, and over real HTTP on loopback through @hono/node-server,
// which is the Node adapter the README documents.
import type { AddressInfo } from "node:net";
import { simulateFlowRequest } from "@d360-messaging/mock-server";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFlowEndpoint,
  type FlowEndpointErrorEvent,
  FlowTokenExpiredError,
} from "../src/index.js";
import { generateTestKeyPair, loadVector, type TestKeyPair } from "./helpers.js";

const APP_SECRET = "simulator-app-secret";
let pair: TestKeyPair;
let rotated: TestKeyPair;
let publicPem: string;
let rotatedPublicPem: string;
const events: FlowEndpointErrorEvent[] = [];
let endpoint: (request: Request) => Promise<Response>;

beforeAll(() => {
  pair = generateTestKeyPair();
  rotated = generateTestKeyPair();
  publicPem = pair.publicKey.export({ type: "spki", format: "pem" }) as string;
  rotatedPublicPem = rotated.publicKey.export({ type: "spki", format: "pem" }) as string;
  endpoint = createFlowEndpoint({
    privateKey: pair.privatePem,
    appSecret: APP_SECRET,
    onError: (event) => void events.push(event),
    handle: (payload) => {
      if (payload.flow_token === "expired")
        throw new FlowTokenExpiredError("This form has expired");
      if (payload.action === "INIT") return { screen: "WELCOME", data: { greeting: "Hello" } };
      return {
        screen: "SUCCESS",
        data: {
          extension_message_response: {
            params: { flow_token: payload.flow_token, got: payload.data },
          },
        },
      };
    },
  });
});

/** The scenarios both transports must agree on. */
function scenarios(target: () => Parameters<typeof simulateFlowRequest>[0]["endpoint"]) {
  const simulate = (options: Omit<Parameters<typeof simulateFlowRequest>[0], "endpoint">) =>
    simulateFlowRequest({ endpoint: target(), ...options });

  it("ping → 200 and the health reply", async () => {
    const result = await simulate({
      publicKey: publicPem,
      payload: { version: "3.0", action: "ping" },
      appSecret: APP_SECRET,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe("text/plain");
    expect(result.responseText).toBe('{"data":{"status":"active"}}');
  });

  it("INIT and data_exchange → the handler's reply", async () => {
    const init = await simulate({
      publicKey: publicPem,
      payload: { version: "3.0", action: "INIT", flow_token: "t1" },
      appSecret: APP_SECRET,
    });
    expect(init.response).toEqual({ screen: "WELCOME", data: { greeting: "Hello" } });
    const exchange = await simulate({
      publicKey: publicPem,
      payload: {
        version: "3.0",
        action: "data_exchange",
        screen: "WELCOME",
        data: { name: "Ada" },
        flow_token: "t1",
      },
      appSecret: APP_SECRET,
    });
    expect(exchange.status).toBe(200);
    expect(exchange.response).toEqual({
      screen: "SUCCESS",
      data: { extension_message_response: { params: { flow_token: "t1", got: { name: "Ada" } } } },
    });
  });

  it("error notification → acknowledged", async () => {
    const result = await simulate({
      publicKey: publicPem,
      payload: {
        version: "3.0",
        action: "data_exchange",
        flow_token: "t",
        data: { error: "bad-screen", error_message: "nope" },
      },
      appSecret: APP_SECRET,
    });
    expect(result.response).toEqual({ data: { acknowledged: true } });
  });

  it("expired flow token → 427 with error_msg", async () => {
    const result = await simulate({
      publicKey: publicPem,
      payload: { version: "3.0", action: "INIT", flow_token: "expired" },
      appSecret: APP_SECRET,
    });
    expect(result.status).toBe(427);
    expect(JSON.parse(result.body)).toEqual({ error_msg: "This form has expired" });
  });

  it("wrong or missing signature → 432", async () => {
    const wrong = await simulate({
      publicKey: publicPem,
      payload: { version: "3.0", action: "ping" },
      appSecret: "not-the-secret",
    });
    const missing = await simulate({
      publicKey: publicPem,
      payload: { version: "3.0", action: "ping" },
    });
    expect([wrong.status, missing.status]).toEqual([432, 432]);
  });

  it("re-upload after 421 → the retry with the fresh key succeeds", async () => {
    let fetches = 0;
    const result = await simulate({
      publicKey: () => (++fetches === 1 ? rotatedPublicPem : publicPem),
      payload: { version: "3.0", action: "ping" },
      appSecret: APP_SECRET,
    });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(2);
  });
}

describe("simulator → createFlowEndpoint, in process", () => {
  scenarios(() => endpoint);

  it("a key rotated without re-upload → 421 after WhatsApp's one re-fetch and retry", async () => {
    // WhatsApp still holds the old public key; the endpoint now has another private key.
    const stale = createFlowEndpoint({
      privateKey: rotated.privatePem,
      handle: () => ({ data: {} }),
    });
    const result = await simulateFlowRequest({
      endpoint: stale,
      publicKey: () => publicPem,
      payload: { version: "3.0", action: "ping" },
    });
    expect(result.status).toBe(421);
    expect(result.attempts).toBe(2);
  });
});

describe("simulator → createFlowEndpoint over HTTP (@hono/node-server on loopback)", () => {
  let server: ReturnType<typeof serve>;
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: endpoint, port: 0, hostname: "127.0.0.1" }, () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/flows`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  scenarios(() => url);

  it("GET → 405, oversized → 413, not a Flows body → 400, over the wire", async () => {
    expect((await fetch(url)).status).toBe(405);
    const big = await fetch(url, { method: "POST", body: "x".repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    const bad = await fetch(url, { method: "POST", body: "{}" });
    // Unsigned, so the signature check answers first.
    expect(bad.status).toBe(432);
  });
});

describe("simulator agrees with the captured vector", () => {
  const vector = loadVector();
  it.skipIf(vector === undefined)(
    "the simulator, fixed to the captured AES key and IV, reads the endpoint's reply as the captured one",
    async () => {
      const v = vector as NonNullable<typeof vector>;
      const reply = createFlowEndpoint({
        privateKey: pair.privatePem,
        handle: () => v.response.plaintextUtf8,
      });
      const result = await simulateFlowRequest({
        endpoint: reply,
        publicKey: publicPem,
        payload: v.decryptedPayload as never,
        aesKey: Buffer.from(v.aesKeyHex, "hex"),
        iv: Buffer.from(v.request.initial_vector, "base64"),
      });
      // Same AES key and IV as the capture, so the encrypted reply is the captured ciphertext.
      expect(result.body).toBe(v.response.encryptedBase64);
      expect(result.responseText).toBe(v.response.plaintextUtf8);
    },
  );
});
