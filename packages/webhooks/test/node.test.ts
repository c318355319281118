import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookHandler, isWebhookBodyConsumedError } from "../src/index.js";
import { toFastifyHook, toNodeListener } from "../src/node/index.js";
import { hmac, payload, recorder, SECRET } from "./helpers.js";

// Real servers on loopback, port 0, closed in teardown; requests go over the wire with fetch.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(url: string, body: string, signature = hmac(SECRET, body)) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-360dialog-signature": signature },
    body,
  });
}

const body = payload({ messages: [{ id: "wamid.node", text: "héllo wörld" }] });

describe("node:http", () => {
  it("serves the handler: verified event with the raw UTF-8 bytes", async () => {
    const rec = recorder();
    const url = await listen(
      createServer(toNodeListener(createWebhookHandler({ secret: SECRET, ...rec }))),
    );
    const response = await post(`${url}/webhook`, body);
    expect(response.status).toBe(200);
    expect(rec.events).toHaveLength(1);
    const event = rec.events[0];
    if (event?.kind !== "message" || event.type !== "text") throw new Error("not a text message");
    expect(event.message.text.body).toBe("héllo wörld");
    expect((await post(`${url}/webhook`, body, hmac("wrong", body))).status).toBe(401);
  });

  it("a hostile client streaming an endless body gets 413 and the server stops reading", async () => {
    const rec = recorder();
    const url = await listen(
      createServer(
        toNodeListener(createWebhookHandler({ secret: SECRET, maxBodyBytes: 64 * 1024, ...rec })),
      ),
    );
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        if (sent > 64 * 1024 * 1024) controller.close();
      },
    });
    const response = await fetch(`${url}/webhook`, {
      method: "POST",
      headers: { "x-360dialog-signature": hmac(SECRET, "x") },
      body: endless,
      duplex: "half",
    } as RequestInit).catch((error: unknown) => error);
    // The server answers 413 and stops reading; the client may see the answer or a reset.
    if (response instanceof Response) expect(response.status).toBe(413);
    // Refused and closed: what was sent is what fits in the socket buffers, not the whole stream.
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    expect(rec.failures.map((f) => f.code)).toEqual(["payload-too-large"]);
    expect(rec.events).toEqual([]);
  });
});

describe("Express", () => {
  it("the webhook route mounted before express.json() gets the raw body", async () => {
    const rec = recorder();
    const app = express();
    app.post("/webhook", toNodeListener(createWebhookHandler({ secret: SECRET, ...rec })));
    app.use(express.json());
    app.post("/other", (req, res) => void res.json(req.body));
    const url = await listen(createServer(app));
    expect((await post(`${url}/webhook`, body)).status).toBe(200);
    expect(rec.events).toHaveLength(1);
    // The redelivery over the wire is deduplicated.
    expect((await post(`${url}/webhook`, body)).status).toBe(200);
    expect(rec.events).toHaveLength(1);
  });

  it("behind express.json(): 500 and a WebhookBodyConsumedError to Express's error handler", async () => {
    const rec = recorder();
    const errors: unknown[] = [];
    const app = express();
    app.use(express.json());
    app.post("/webhook", toNodeListener(createWebhookHandler({ secret: SECRET, ...rec })));
    app.use(
      (
        error: unknown,
        _req: express.Request,
        _res: express.Response,
        _next: express.NextFunction,
      ) => {
        errors.push(error);
      },
    );
    const url = await listen(createServer(app));
    const response = await post(`${url}/webhook`, body);
    expect(response.status).toBe(500);
    expect(rec.events).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(isWebhookBodyConsumedError(errors[0])).toBe(true);
    expect(String((errors[0] as Error).message)).toMatch(/before express\.json\(\)/);
  });
});

describe("Fastify", () => {
  it("an onRequest hook answers before Fastify parses the body", async () => {
    const rec = recorder();
    const app = Fastify();
    app.post(
      "/webhook",
      { onRequest: toFastifyHook(createWebhookHandler({ secret: SECRET, ...rec })) },
      async () => {
        throw new Error("the route handler must not run");
      },
    );
    await app.listen({ port: 0, host: "127.0.0.1" });
    closers.push(() => app.close());
    const { port } = app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    expect((await post(`${url}/webhook`, body)).status).toBe(200);
    expect(rec.events).toHaveLength(1);
    expect((await post(`${url}/webhook`, "{}", hmac("wrong", "{}"))).status).toBe(401);
    expect((await post(`${url}/webhook`, "not json")).status).toBe(400);
  });
});
