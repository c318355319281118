import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createMockHandler,
  MessageEvents,
  type MockStatus,
  type SentMessage,
  UNDELIVERABLE_ERROR,
  type WebhookScheduler,
} from "../src/index.js";
import { startMockServer } from "../src/index.node.js";
import { createMockWebhooks } from "../src/webhooks/dispatcher.js";

// The mock's webhook sender, against a real receiver on loopback. Signatures are checked with
// node:crypto, not with the code under test. Time: a scheduler that records each wait it is asked
// for and runs the callback on the next turn, so backoff and delays are asserted as numbers and
// the suite never waits for them (see the fake-timers test for the default scheduler).

const SECRET = "partner-secret-f00d";
const APP_SECRET = "app-secret-beef";
const HEADER_SECRET = "Bearer header-secret-cafe";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Status codes to answer with, in order; 200 once they run out. */
  answers: number[];
  /** Close the connection without an answer instead (a hostile receiver). */
  hang: boolean;
  server: Server;
}

const servers: Server[] = [];
const closers: (() => unknown)[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const close of closers.splice(0)) await close();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function startReceiver(): Promise<Receiver> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      receiver.received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if (receiver.hang) return; // never answers
      res.statusCode = receiver.answers.shift() ?? 200;
      res.end("ok");
    });
  });
  const receiver: Receiver = { url: "", received: [], answers: [], hang: false, server };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

/**
 * Remembers the delays asked for and runs each on the next turn, except waits of `hold` ms or
 * more (the attempt timeouts), which never fire unless a test lets them.
 */
function recordingScheduler(hold = 5000): WebhookScheduler & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    setTimeout(callback, ms) {
      waits.push(ms);
      return ms >= hold ? undefined : setImmediate(callback);
    },
    clearTimeout(handle) {
      if (handle !== undefined) clearImmediate(handle as NodeJS.Immediate);
    },
  };
}

function hmacHex(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

function sameSignature(header: string | string[] | undefined, expected: string): boolean {
  if (typeof header !== "string" || header.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}

function statusOf(body: string): MockStatus {
  return JSON.parse(body).entry[0].changes[0].value.statuses[0];
}

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

function sentMessage(overrides: Partial<SentMessage> = {}): SentMessage {
  return {
    id: "wamid.TEST1",
    to: "+1 650-555-1234",
    apiKey: "channel-key",
    body: { messaging_product: "whatsapp", to: "16505551234", type: "text", text: { body: "hi" } },
    at: T0,
    ...overrides,
  };
}

describe("status webhooks for an accepted message", () => {
  it("sends sent, delivered, read in order, signed both ways, in Meta's shape", async () => {
    const receiver = await startReceiver();
    const events = new MessageEvents();
    const scheduler = recordingScheduler();
    let now = T0;
    const webhooks = createMockWebhooks(
      {
        url: receiver.url,
        secret: SECRET,
        appSecret: APP_SECRET,
        headers: { Authorization: HEADER_SECRET },
        scheduler,
      },
      events,
      () => (now += 1000),
    );
    closers.push(() => webhooks.stop());

    events.emit(sentMessage({ bizOpaqueCallbackData: "order-42" }));
    await webhooks.idle();

    expect(receiver.received.map((r) => statusOf(r.body).status)).toEqual([
      "sent",
      "delivered",
      "read",
    ]);
    // The default delays, each after the previous delivery; one attempt timeout per request.
    expect(scheduler.waits).toEqual([10, 10_000, 20, 10_000, 30, 10_000]);
    for (const { headers, body } of receiver.received) {
      expect(headers["content-type"]).toBe("application/json");
      expect(sameSignature(headers["x-360dialog-signature"], hmacHex(SECRET, body))).toBe(true);
      expect(
        sameSignature(headers["x-hub-signature-256"], `sha256=${hmacHex(APP_SECRET, body)}`),
      ).toBe(true);
      expect(headers.authorization).toBe(HEADER_SECRET);
      const payload = JSON.parse(body);
      expect(payload.object).toBe("whatsapp_business_account");
      expect(payload.entry[0].id).toBe("419561257915477");
      expect(payload.entry[0].changes[0].field).toBe("messages");
      expect(payload.entry[0].changes[0].value).toMatchObject({
        messaging_product: "whatsapp",
        metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
      });
      const status = statusOf(body);
      expect(status).toMatchObject({
        id: "wamid.TEST1",
        recipient_id: "16505551234",
        biz_opaque_callback_data: "order-42",
        pricing: { billable: false, pricing_model: "PMP", category: "service" },
      });
      expect(status.conversation?.origin?.type).toBe("service");
    }
    const [sent, delivered, read] = receiver.received.map((r) => statusOf(r.body));
    // Timestamps from the injected clock, Unix seconds as strings.
    expect(Number(sent?.timestamp)).toBeLessThan(Number(delivered?.timestamp));
    expect(Number(delivered?.timestamp)).toBeLessThan(Number(read?.timestamp));
    expect(sent?.conversation?.expiration_timestamp).toBe(
      String(Number(sent?.timestamp) + 24 * 60 * 60),
    );
    expect(delivered?.conversation?.expiration_timestamp).toBeUndefined();
    // One conversation per recipient.
    expect(new Set([sent, delivered, read].map((s) => s?.conversation?.id)).size).toBe(1);
  });

  it("omits biz_opaque_callback_data when the message had none, and bills templates", async () => {
    const receiver = await startReceiver();
    const events = new MessageEvents();
    const webhooks = createMockWebhooks(
      { url: receiver.url, secret: SECRET, scheduler: recordingScheduler() },
      events,
    );
    closers.push(() => webhooks.stop());
    events.emit(sentMessage({ body: { type: "template", template: { name: "hello" } } }));
    await webhooks.idle();
    const status = statusOf(receiver.received[0]?.body ?? "");
    expect("biz_opaque_callback_data" in status).toBe(false);
    expect(status.pricing).toMatchObject({ billable: true, pricing_model: "PMP" });
    expect(receiver.received[0]?.headers["x-hub-signature-256"]).toBeUndefined();
  });

  it("sends one failed status with Meta's 131026 error to an unreachable recipient", async () => {
    const receiver = await startReceiver();
    const events = new MessageEvents();
    const webhooks = createMockWebhooks(
      {
        url: receiver.url,
        secret: SECRET,
        unreachable: ["+49 170 0000000"],
        scheduler: recordingScheduler(),
      },
      events,
    );
    closers.push(() => webhooks.stop());
    events.emit(sentMessage({ id: "wamid.A", to: "491700000000", bizOpaqueCallbackData: "x" }));
    webhooks.setUnreachable("16505551234");
    events.emit(sentMessage({ id: "wamid.B" }));
    await webhooks.idle();
    // The two messages' statuses are signed and sent concurrently (WebCrypto's sign completes on
    // the thread pool), so they may arrive in either order: order them by message id.
    const statuses = receiver.received
      .map((r) => statusOf(r.body))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(statuses.map((s) => [s.id, s.status])).toEqual([
      ["wamid.A", "failed"],
      ["wamid.B", "failed"],
    ]);
    expect(statuses[0]?.errors).toEqual([
      {
        code: 131026,
        title: "Message undeliverable",
        message: "Message undeliverable",
        error_data: { details: "Message Undeliverable." },
      },
    ]);
    expect(statuses[0]?.errors?.[0]?.code).toBe(UNDELIVERABLE_ERROR.code);
    expect(statuses[0]?.biz_opaque_callback_data).toBe("x");
    expect(statuses[0]?.pricing).toBeUndefined();

    webhooks.setUnreachable("+1 (650) 555-1234", false);
    expect(webhooks.isUnreachable("16505551234")).toBe(false);
    expect(webhooks.isUnreachable("491700000000")).toBe(true);
  });
});

describe("redelivery", () => {
  it("retries a non-2xx answer with exponential backoff up to the limit, and logs each attempt", async () => {
    const receiver = await startReceiver();
    receiver.answers.push(500, 503, 404);
    const scheduler = recordingScheduler();
    let now = T0;
    const webhooks = createMockWebhooks(
      {
        url: receiver.url,
        secret: SECRET,
        retry: { limit: 5, initialDelay: 100, maxDelay: 250 },
        timeout: 5000,
        scheduler,
      },
      new MessageEvents(),
      () => now++,
    );
    closers.push(() => webhooks.stop());

    const outcome = await webhooks.inbound({ from: "16505551234", text: "hello" });

    expect(outcome).toMatchObject({ ok: true, attempts: 4, event: "message" });
    expect(receiver.received).toHaveLength(4);
    // Every attempt carries the same body and signature: a redelivery, not a new event.
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    // Timeout, backoff 100, timeout, 200, timeout, 250 (capped), timeout.
    expect(scheduler.waits).toEqual([5000, 100, 5000, 200, 5000, 250, 5000]);
    expect(
      webhooks.deliveries.map(({ attempt, status, ok, willRetry, event, url }) => ({
        attempt,
        status,
        ok,
        willRetry,
        event,
        url,
      })),
    ).toEqual([
      { attempt: 1, status: 500, ok: false, willRetry: true, event: "message", url: receiver.url },
      { attempt: 2, status: 503, ok: false, willRetry: true, event: "message", url: receiver.url },
      { attempt: 3, status: 404, ok: false, willRetry: true, event: "message", url: receiver.url },
      { attempt: 4, status: 200, ok: true, willRetry: false, event: "message", url: receiver.url },
    ]);
    // The clock was read once for the message timestamp, then once per attempt.
    expect(webhooks.deliveries.map((d) => d.at)).toEqual([T0 + 1, T0 + 2, T0 + 3, T0 + 4]);
    expect(webhooks.deliveries.every((d) => d.messageId === outcome.messageId)).toBe(true);
  });

  it("gives up after limit + 1 attempts; the next status of the message still follows", async () => {
    const receiver = await startReceiver();
    receiver.answers.push(500, 500, 500);
    const events = new MessageEvents();
    const webhooks = createMockWebhooks(
      { url: receiver.url, secret: SECRET, retry: 2, scheduler: recordingScheduler() },
      events,
    );
    closers.push(() => webhooks.stop());
    events.emit(sentMessage());
    await webhooks.idle();
    expect(webhooks.deliveries.map((d) => [d.event, d.attempt, d.status, d.willRetry])).toEqual([
      ["sent", 1, 500, true],
      ["sent", 2, 500, true],
      ["sent", 3, 500, false],
      ["delivered", 1, 200, false],
      ["read", 1, 200, false],
    ]);
  });

  it("retries a refused connection and logs it as a connection error", async () => {
    const receiver = await startReceiver();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    const webhooks = createMockWebhooks(
      { url: receiver.url, secret: SECRET, retry: { limit: 2 }, scheduler: recordingScheduler() },
      new MessageEvents(),
    );
    closers.push(() => webhooks.stop());
    const outcome = await webhooks.inbound({ from: "1555", text: "x" });
    expect(outcome).toMatchObject({ ok: false, attempts: 3 });
    expect(webhooks.deliveries.map((d) => [d.attempt, d.status, d.error])).toEqual([
      [1, undefined, "connection"],
      [2, undefined, "connection"],
      [3, undefined, "connection"],
    ]);
  });

  it("counts a receiver that never answers as a timeout", async () => {
    const receiver = await startReceiver();
    receiver.hang = true;
    // Real timers here: the attempt must really be cut off. Long enough that a busy machine
    // (two CI runs at once cut a 50 ms attempt before the request was written) still delivers
    // the request before the cut; nothing is asserted about how long it took.
    const webhooks = createMockWebhooks(
      { url: receiver.url, secret: SECRET, retry: 0, timeout: 3_000 },
      new MessageEvents(),
    );
    closers.push(() => webhooks.stop());
    const outcome = await webhooks.inbound({ from: "1555", text: "x" });
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    expect(webhooks.deliveries[0]).toMatchObject({ error: "timeout", willRetry: false });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
  });
});

describe("hostile receivers", () => {
  it("takes the status of an endless answer without reading it, and survives a reset connection", async () => {
    const endless = createServer((req, res) => {
      req.resume();
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 97);
      const pump = () => {
        while (res.write(chunk)) {}
        res.once("drain", pump);
      };
      pump();
    });
    const reset = createServer((req) => {
      req.resume();
      req.on("end", () => req.socket.destroy());
    });
    for (const server of [endless, reset]) {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
    }
    const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // The attempt timeouts never fire here (see recordingScheduler): an answer read to its end
    // would hang this test until its hang guard.
    const streaming = createMockWebhooks(
      { url: urlOf(endless), retry: 0, scheduler: recordingScheduler() },
      new MessageEvents(),
    );
    closers.push(() => streaming.stop());
    expect(await streaming.inbound({ from: "1555", text: "x" })).toMatchObject({ ok: true });

    const dropping = createMockWebhooks(
      { url: urlOf(reset), retry: 1, scheduler: recordingScheduler() },
      new MessageEvents(),
    );
    closers.push(() => dropping.stop());
    expect(await dropping.inbound({ from: "1555", text: "x" })).toMatchObject({
      ok: false,
      attempts: 2,
    });
    expect(dropping.deliveries.map((d) => d.error)).toEqual(["connection", "connection"]);
  });
});

describe("inbound", () => {
  it("sends a signed incoming text message as Meta's Text Message example", async () => {
    const receiver = await startReceiver();
    const webhooks = createMockWebhooks(
      { url: receiver.url, secret: SECRET, business: { phoneNumberId: "555000" } },
      new MessageEvents(),
      () => T0,
    );
    closers.push(() => webhooks.stop());
    const outcome = await webhooks.inbound({ from: "+1 650 555 1234", text: "Hi", name: "Sheena" });
    expect(outcome.ok).toBe(true);
    const [{ headers, body }] = receiver.received as [Received];
    expect(sameSignature(headers["x-360dialog-signature"], hmacHex(SECRET, body))).toBe(true);
    expect(body).toBe(outcome.body);
    const value = JSON.parse(body).entry[0].changes[0].value;
    expect(value.metadata.phone_number_id).toBe("555000");
    expect(value.contacts).toEqual([{ profile: { name: "Sheena" }, wa_id: "16505551234" }]);
    expect(value.messages).toEqual([
      {
        from: "16505551234",
        id: outcome.messageId,
        timestamp: String(T0 / 1000),
        type: "text",
        text: { body: "Hi" },
      },
    ]);
    expect(outcome.messageId).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
  });

  it("takes a whole message object of another type", async () => {
    const receiver = await startReceiver();
    const webhooks = createMockWebhooks({ url: receiver.url }, new MessageEvents());
    closers.push(() => webhooks.stop());
    const outcome = await webhooks.inbound({
      from: "1555",
      message: {
        id: "wamid.MINE",
        type: "reaction",
        reaction: { emoji: "👍", message_id: "wamid.X" },
      },
    });
    expect(outcome.messageId).toBe("wamid.MINE");
    const message = JSON.parse(receiver.received[0]?.body ?? "").entry[0].changes[0].value
      .messages[0];
    expect(message).toMatchObject({ id: "wamid.MINE", from: "1555", type: "reaction" });
  });

  it("rejects with a TypeError without the webhooks option or without text", async () => {
    const handler = createMockHandler();
    expect(handler.webhooks.configured).toBe(false);
    await expect(handler.webhooks.inbound({ from: "1", text: "x" })).rejects.toThrow(
      /needs the webhooks option/,
    );
    const webhooks = createMockWebhooks({ url: "http://127.0.0.1:9/" }, new MessageEvents());
    await expect(webhooks.inbound({ from: "1" })).rejects.toBeInstanceOf(TypeError);
    await expect(webhooks.inbound({ from: "abc", text: "x" })).rejects.toThrow(/phone number/);
  });
});

describe("secrets", () => {
  it("never appear in the delivery log or an option error", async () => {
    const receiver = await startReceiver();
    receiver.answers.push(500);
    const webhooks = createMockWebhooks(
      {
        url: receiver.url,
        secret: SECRET,
        appSecret: APP_SECRET,
        headers: { Authorization: HEADER_SECRET },
        scheduler: recordingScheduler(),
      },
      new MessageEvents(),
    );
    closers.push(() => webhooks.stop());
    await webhooks.inbound({ from: "1555", text: "x" });
    const log = JSON.stringify(webhooks.deliveries);
    expect(webhooks.deliveries).toHaveLength(2);
    for (const secret of [SECRET, APP_SECRET, HEADER_SECRET, "header-secret-cafe"]) {
      expect(log).not.toContain(secret);
    }
    // The signatures are not in the log either (they let anyone replay a body).
    const signature = receiver.received[0]?.headers["x-360dialog-signature"] as string;
    expect(log).not.toContain(signature);

    const errors: unknown[] = [];
    const attempts = [
      { url: "ftp://x/", secret: SECRET },
      { url: `http://user:${SECRET}@127.0.0.1/`, secret: SECRET },
      { url: "http://127.0.0.1/", secret: 42 as unknown as string },
      { url: "http://127.0.0.1/", secret: SECRET, delays: { sent: -1 } },
      { url: "http://127.0.0.1/", appSecret: "" },
      { url: "not a url", secret: SECRET },
    ];
    for (const options of attempts) {
      try {
        createMockWebhooks(options, new MessageEvents());
      } catch (error) {
        errors.push(error);
      }
    }
    expect(errors).toHaveLength(attempts.length);
    for (const error of errors) {
      expect(String((error as Error).message)).not.toContain(SECRET);
      expect(error).toSatisfy((e) => e instanceof TypeError || e instanceof RangeError);
    }
  });
});

describe("the mock handler and server", () => {
  it("startMockServer wires webhooks to messageEvents; close() cancels what is pending", async () => {
    const receiver = await startReceiver();
    const scheduler = recordingScheduler();
    const mock = await startMockServer({
      webhooks: { url: receiver.url, secret: SECRET, scheduler },
    });
    closers.push(() => mock.close());
    expect(mock.webhooks).toBe(mock.handler.webhooks);
    expect(mock.messageEvents).toBe(mock.handler.messageEvents);
    mock.messageEvents.emit(sentMessage());
    await mock.webhooks.idle();
    expect(receiver.received.map((r) => statusOf(r.body).status)).toEqual([
      "sent",
      "delivered",
      "read",
    ]);

    mock.reset();
    expect(mock.webhooks.deliveries).toHaveLength(0);

    // A pending status sequence is cancelled by close(): nothing more is sent.
    const held: (() => void)[] = [];
    const holding = await startMockServer({
      webhooks: {
        url: receiver.url,
        scheduler: { setTimeout: (fn) => held.push(fn), clearTimeout: () => {} },
      },
    });
    holding.messageEvents.emit(sentMessage());
    await holding.close();
    for (const fn of held) fn();
    await holding.webhooks.idle();
    expect(holding.webhooks.deliveries).toHaveLength(0);
    expect(receiver.received).toHaveLength(3);
  });

  it("POST /messages over HTTP produces the statuses of the id it answered with", async () => {
    const receiver = await startReceiver();
    const mock = await startMockServer({
      webhooks: { url: receiver.url, secret: SECRET, scheduler: recordingScheduler() },
    });
    closers.push(() => mock.close());
    const res = await fetch(`${mock.url}/messages`, {
      method: "POST",
      headers: { "D360-API-KEY": mock.apiKeys[0] ?? "", "content-type": "application/json" },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "+1 650 555 1234",
        type: "text",
        text: { body: "hello" },
      }),
    });
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { messages: { id: string }[] }).messages[0]?.id;
    await mock.webhooks.idle();
    expect(receiver.received.map((r) => [statusOf(r.body).id, statusOf(r.body).status])).toEqual([
      [id, "sent"],
      [id, "delivered"],
      [id, "read"],
    ]);
    expect(statusOf(receiver.received[0]?.body ?? "").recipient_id).toBe("16505551234");
  });

  it("runs on vitest's fake timers by default, in process through an injected fetch", async () => {
    // setImmediate stays real: the HMAC resolves on WebCrypto's own thread, outside the fake clock.
    vi.useFakeTimers({ now: T0, toFake: ["setTimeout", "clearTimeout", "Date"] });
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setImmediate(resolve));
    };
    const seen: string[] = [];
    const handler = createMockHandler({
      webhooks: {
        url: "http://receiver.test/hook",
        secret: SECRET,
        delays: { sent: 1000, delivered: 2000, read: 3000 },
        fetch: async (request) => {
          seen.push(`${Date.now() - T0}:${statusOf(await request.text()).status}`);
          return new Response("ok");
        },
      },
    });
    handler.messageEvents.emit(sentMessage());
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => handler.webhooks.deliveries.length === 1);
    expect(seen).toEqual(["1000:sent"]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(seen).toEqual(["1000:sent"]);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => handler.webhooks.deliveries.length === 2);
    await vi.advanceTimersByTimeAsync(3000);
    await until(() => handler.webhooks.deliveries.length === 3);
    // Each status was sent at the faked time its delay ran out, not a millisecond earlier.
    expect(seen).toEqual(["1000:sent", "3000:delivered", "6000:read"]);
    // The statuses' timestamps and the log come from the faked clock too.
    expect(handler.webhooks.deliveries.map((d) => d.at - T0)).toEqual([1000, 3000, 6000]);
    handler.webhooks.stop();
  });
});
