// Meta's verification request (a GET with hub.mode, hub.verify_token, hub.challenge; Meta,
// "Webhooks, Getting Started"), on both builds and over a real node:http server.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as webBuild from "../src/index.js";
import * as nodeBuild from "../src/index.node.js";
import { toNodeListener } from "../src/node/index.js";
import { APP_SECRET, payload, recorder, signedMeta } from "./helpers.js";

const TOKEN = "meta-verify-token-7f3a";

function verification(query: Record<string, string>): Request {
  return new Request(`http://localhost/webhook?${new URLSearchParams(query)}`);
}

for (const [build, { createWebhookHandler }] of [
  ["web build", webBuild],
  ["Node build", nodeBuild],
] as const) {
  describe(`${build}: verifyToken`, () => {
    const make = () => {
      const rec = recorder();
      return {
        rec,
        handler: createWebhookHandler({ appSecret: APP_SECRET, verifyToken: TOKEN, ...rec }),
      };
    };

    it("answers the challenge, as plain text, when the token matches", async () => {
      const { rec, handler } = make();
      const response = await handler(
        verification({
          "hub.mode": "subscribe",
          "hub.challenge": "1158201444",
          "hub.verify_token": TOKEN,
        }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toBe("1158201444");
      expect(rec.failures).toEqual([]);
    });

    const refusals: [string, Record<string, string>, number, string][] = [
      [
        "a wrong token",
        { "hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": `${TOKEN}x` },
        403,
        "invalid-verify-token",
      ],
      [
        "a prefix of the token",
        { "hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": TOKEN.slice(0, -1) },
        403,
        "invalid-verify-token",
      ],
      ["no token", { "hub.mode": "subscribe", "hub.challenge": "1" }, 400, "not-a-verification"],
      [
        "another mode",
        { "hub.mode": "unsubscribe", "hub.challenge": "1", "hub.verify_token": TOKEN },
        400,
        "not-a-verification",
      ],
      [
        "no challenge",
        { "hub.mode": "subscribe", "hub.verify_token": TOKEN },
        400,
        "not-a-verification",
      ],
      [
        "a challenge that is not an integer",
        { "hub.mode": "subscribe", "hub.challenge": "<script>", "hub.verify_token": TOKEN },
        400,
        "invalid-challenge",
      ],
    ];
    for (const [name, query, status, code] of refusals) {
      it(`refuses ${name} with ${status}, echoing nothing`, async () => {
        const { rec, handler } = make();
        const response = await handler(verification(query));
        expect(response.status).toBe(status);
        const text = await response.text();
        expect(text).not.toContain(TOKEN.slice(0, 8));
        expect(text).not.toContain("script");
        expect(rec.failures.map((f) => f.code)).toEqual([code]);
        expect(rec.failures[0]?.message).not.toContain(TOKEN.slice(0, 8));
      });
    }

    it("a wrong token is refused even when the challenge is malformed (the token is checked first)", async () => {
      const { rec, handler } = make();
      const response = await handler(
        verification({ "hub.mode": "subscribe", "hub.challenge": "x", "hub.verify_token": "nope" }),
      );
      expect(response.status).toBe(403);
      expect(rec.failures.map((f) => f.code)).toEqual(["invalid-verify-token"]);
    });

    it("POSTed events still need the signature: the verify token is no sender check", async () => {
      const { rec, handler } = make();
      const body = payload({ messages: [{ id: "wamid.v" }] });
      const unsigned = new Request("http://localhost/webhook", { method: "POST", body });
      expect((await handler(unsigned)).status).toBe(401);
      expect((await handler(signedMeta(body))).status).toBe(200);
      expect(rec.events).toHaveLength(1);
      expect(() => createWebhookHandler({ verifyToken: TOKEN })).toThrow(/at least one of/);
    });

    it("without verifyToken a GET is 405 with Allow: POST; with it, other methods see Allow: GET, POST", async () => {
      const plain = createWebhookHandler({ appSecret: APP_SECRET });
      const get = await plain(
        verification({ "hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": TOKEN }),
      );
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("POST");
      const { handler } = make();
      const put = await handler(
        new Request("http://localhost/webhook", { method: "PUT", body: "x" }),
      );
      expect(put.status).toBe(405);
      expect(put.headers.get("allow")).toBe("GET, POST");
    });

    it("refuses an empty or non-string verifyToken", () => {
      expect(() => createWebhookHandler({ appSecret: APP_SECRET, verifyToken: "" })).toThrow(
        TypeError,
      );
      expect(() =>
        createWebhookHandler({ appSecret: APP_SECRET, verifyToken: 1 as unknown as string }),
      ).toThrow(/verifyToken must be a non-empty string/);
    });
  });
}

describe("verification over node:http", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it("Meta's GET reaches the handler through toNodeListener and gets the challenge back", async () => {
    server = createServer(
      toNodeListener(nodeBuild.createWebhookHandler({ appSecret: APP_SECRET, verifyToken: TOKEN })),
    );
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const query = new URLSearchParams({
      "hub.mode": "subscribe",
      "hub.challenge": "987654321",
      "hub.verify_token": TOKEN,
    });
    const response = await fetch(`http://127.0.0.1:${port}/webhook?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("987654321");
    query.set("hub.verify_token", "wrong");
    expect((await fetch(`http://127.0.0.1:${port}/webhook?${query}`)).status).toBe(403);
  });
});
