// POST /messages has no idempotency key: the client sends a message again only when the failure
// proves it was not processed, and reports every other failure as outcome unknown. Hostile
// servers on loopback record each message they receive, then fail in one way each.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createD360Client,
  type D360ClientOptions,
  isApiError,
  isNetworkError,
  isOutcomeUnknownError,
  isTimeoutError,
} from "../src/index.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

afterAll(() => expectNoLeak());

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface Api {
  url: string;
  port: number;
  server: Server;
  /** The bodies received, in order. */
  received: string[];
  handle(...handlers: Handler[]): void;
}

/** A server that records each body, then answers with the next handler (the last one repeats). */
async function serve(port = 0): Promise<Api> {
  let handlers: Handler[] = [ok];
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push(body);
      const handler =
        handlers.length > 1 ? (handlers.shift() as Handler) : (handlers[0] as Handler);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    server,
    received,
    handle: (...next) => {
      handlers = next;
    },
  };
}

const ok: Handler = (_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(
    JSON.stringify({
      messaging_product: "whatsapp",
      contacts: [{ input: "491701234567", wa_id: "491701234567" }],
      messages: [{ id: "wamid.OK" }],
    }),
  );
};

/** Meta's error envelope with HTTP 400, as 360dialog passes it through. */
const meta =
  (code: number, message: string): Handler =>
  (_req, res) => {
    res.statusCode = 400;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error: { message, type: "OAuthException", code, fbtrace_id: "A1" } }));
  };

const MESSAGE = {
  messaging_product: "whatsapp",
  recipient_type: "individual",
  to: "491701234567",
  type: "text",
  text: { body: "Your code is 123456" },
  biz_opaque_callback_data: "order-42",
} as const;

let api: Api;
const servers: Server[] = [];
beforeEach(async () => {
  api = await serve();
  servers.push(api.server);
});
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function client(options: Partial<D360ClientOptions> = {}) {
  // Small retry waits: the tests check which failures are repeated, not how long the waits are.
  return createD360Client({
    apiKey: API_KEY,
    baseUrl: api.url,
    retry: { limit: 2, delay: 1, backoffLimit: 5 },
    ...options,
  });
}

describe("maybe processed: never sent twice, reported as outcome unknown", () => {
  it("the server records the message, then resets the connection", async () => {
    api.handle((req) => req.socket.destroy());
    const error = await caught(client().messages.sendMessage(MESSAGE));
    expect(api.received).toHaveLength(1);
    expect(isOutcomeUnknownError(error)).toBe(true);
    expect(error).toMatchObject({
      name: "OutcomeUnknownError",
      kind: "outcome_unknown",
      key: "order-42",
      payload: MESSAGE,
      method: "POST",
    });
    expect(isNetworkError(error.cause)).toBe(true);
  });

  it("even with retryNonIdempotent the reset is still reported, and the caller chose to repeat", async () => {
    // The opt-in is the caller's explicit choice to accept duplicates; it keeps its meaning.
    api.handle((req) => req.socket.destroy());
    await caught(
      client({ retry: { limit: 2, delay: 1, retryNonIdempotent: true } }).messages.sendMessage(
        MESSAGE,
      ),
    );
    expect(api.received).toHaveLength(3);
  });

  it("the response is cut off after its headers", async () => {
    api.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
      res.write('{"messaging_product":"whatsapp","messages":[{"id":"wam');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const error = await caught(client().messages.sendMessage(MESSAGE));
    expect(api.received).toHaveLength(1);
    expect(error).toMatchObject({ name: "OutcomeUnknownError", key: "order-42" });
    expect(error.cause).toMatchObject({ name: "NetworkError", code: "body_truncated" });
  });

  it("no answer within the timeout", async () => {
    api.handle(() => {});
    const error = await caught(client({ timeout: 200 }).messages.sendMessage(MESSAGE));
    expect(api.received).toHaveLength(1);
    expect(isOutcomeUnknownError(error)).toBe(true);
    expect(isTimeoutError(error.cause)).toBe(true);
  });

  it.each([500, 502, 503, 504])("an upstream %i", async (status) => {
    api.handle((_req, res) => {
      res.statusCode = status;
      res.end(JSON.stringify({ error: "WhatsApp for Business API not available" }));
    });
    const error = await caught(client().messages.sendMessage(MESSAGE));
    expect(api.received).toHaveLength(1);
    expect(error).toMatchObject({ name: "OutcomeUnknownError", key: "order-42" });
    expect(isApiError(error.cause)).toBe(true);
    expect(error.cause).toMatchObject({ status });
  });

  it("a message without biz_opaque_callback_data has no key", async () => {
    api.handle((req) => req.socket.destroy());
    const { biz_opaque_callback_data: _, ...bare } = MESSAGE;
    const error = await caught(client().messages.sendMessage(bare));
    expect(error).toMatchObject({ name: "OutcomeUnknownError", key: undefined });
  });
});

describe("not processed: sent again by the client's own retry", () => {
  it.each([
    [130429, "(#130429) Rate limit hit"],
    [131057, "(#131057) Account in maintenance mode"],
  ])("Meta's %i (HTTP 400), then success", async (code, message) => {
    api.handle(meta(code, message), ok);
    const result = await client().messages.sendMessage(MESSAGE);
    expect(result).toMatchObject({ messages: [{ id: "wamid.OK" }] });
    expect(api.received).toHaveLength(2);
  });

  it("360dialog's 400 'You have exceeded the endpoint rate limit.', then success", async () => {
    api.handle((_req, res) => {
      res.statusCode = 400;
      res.end(JSON.stringify({ error: "You have exceeded the endpoint rate limit." }));
    }, ok);
    await client().messages.sendMessage(MESSAGE);
    expect(api.received).toHaveLength(2);
  });

  it("a refused connection, then success on the same port", async () => {
    const { port } = api;
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
    const later = client({
      baseUrl: `http://127.0.0.1:${port}`,
      hooks: {
        // The server comes (back) up between the attempts.
        beforeRetry: [
          async () => {
            api = await serve(port);
            servers.push(api.server);
          },
        ],
      },
    });
    const result = await later.messages.sendMessage(MESSAGE);
    expect(result).toMatchObject({ messages: [{ id: "wamid.OK" }] });
    expect(api.received).toHaveLength(1);
  });
});

describe("rejected: never sent again, a typed ApiError", () => {
  it.each([
    [131026, "(#131026) Message undeliverable"],
    [132001, "(#132001) Template name does not exist in the translation"],
  ])("Meta's %i", async (code, message) => {
    api.handle(meta(code, message));
    const error = await caught(client().messages.sendMessage(MESSAGE));
    expect(api.received).toHaveLength(1);
    expect(error).toMatchObject({ name: "ApiError", status: 400, code });
  });
});
