/**
 * Node adapters: serve a {@link WebhookHandler} from `node:http`, Express or Fastify. These
 * frameworks hand over a Node request, and often parse its body as JSON first; the signature is
 * over the raw bytes, so the adapter reads the raw body itself and must get the request before
 * any body parser does.
 *
 * @packageDocumentation
 */

import { WebhookBodyConsumedError } from "../errors.js";
import type { WebhookHandler } from "../options.js";

// Structural types rather than `node:http` imports: the adapters load nothing of Node's (only the
// Node build's HMAC file imports `node:crypto`), and Express's and Fastify's request and reply
// objects are these Node objects underneath.

/** The parts of a Node `IncomingMessage` the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  /** The HTTP method. */
  method?: string | undefined;
  /** The request target (path and query). */
  url?: string | undefined;
  /** The request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** True once the body stream has been read to its end (by a body parser, say). */
  readableEnded?: boolean;
  /** Set by body parsers such as `express.json()`. */
  body?: unknown;
  /** Express's `req.originalUrl`. */
  originalUrl?: string;
}

/** The parts of a Node `ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  /** Sends the status line and headers. */
  writeHead(status: number, headers?: Record<string, string>): unknown;
  /** Sends the body and ends the response. */
  end(body?: string | Uint8Array): unknown;
  /** Whether the headers were sent. */
  headersSent?: boolean;
}

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Called when the request body was already consumed by a body parser (the request is answered
   * 500, because it cannot be verified); by default the error is thrown to the framework.
   * @default undefined (passed to Express's `next`, so its error handler sees it)
   * @example
   * onBodyConsumed: (error) => console.error(error.message)
   */
  onBodyConsumed?: (error: WebhookBodyConsumedError) => void;
}

/**
 * The request's URL. The Host header and target come from the client: one that makes no valid
 * URL (`Host: [::1`) must not throw out of the listener, where nothing would catch it; the
 * handler does not use the URL, so a placeholder does.
 */
function requestUrl(host: string | null, target: string): URL {
  try {
    return new URL(target, `http://${host ?? "localhost"}`);
  } catch {
    return new URL("http://localhost/");
  }
}

/** A Node request as a Web `Request` whose body streams from the Node request. */
export function toWebRequest(req: NodeRequestLike): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const url = requestUrl(headers.get("host"), req.originalUrl ?? req.url ?? "/");
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const iterator = req[Symbol.asyncIterator]();
  // Pulled chunk by chunk, so a body over maxBodyBytes stops being read where the handler stops.
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await iterator.next();
          if (done) controller.close();
          else
            controller.enqueue(
              typeof value === "string" ? new TextEncoder().encode(value) : (value as Uint8Array),
            );
        },
        async cancel() {
          await iterator.return?.();
        },
      })
    : null;
  return new Request(url, {
    method,
    headers,
    body,
    ...(body === null ? {} : { duplex: "half" }),
  } as RequestInit);
}

/**
 * Writes a Web `Response` to a Node response. With `close`, the connection is closed after the
 * answer: Node would otherwise read the rest of an unread body (an oversized or refused one) to
 * keep the connection alive, which is the reading a refusal is meant to avoid.
 */
export async function writeNodeResponse(
  res: NodeResponseLike,
  response: Response,
  close = false,
): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (close) headers.connection = "close";
  const body = new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * A Node request listener `(req, res) => Promise<void>` for `node:http` and Express. Mount it
 * before any JSON body parser (`app.post("/webhook", listener)` ahead of `app.use(express.json())`):
 * a request whose body was already read is answered 500 with a {@link WebhookBodyConsumedError}.
 *
 * @example
 * import express from "express";
 * import { createWebhookHandler } from "@d360-messaging/webhooks";
 * import { toNodeListener } from "@d360-messaging/webhooks/node";
 *
 * const app = express();
 * app.post("/webhook", toNodeListener(createWebhookHandler({ secret, on: { message: reply } })));
 * app.use(express.json()); // after the webhook route
 */
export function toNodeListener(
  handler: WebhookHandler,
  options: NodeListenerOptions = {},
): (
  req: NodeRequestLike,
  res: NodeResponseLike,
  next?: (error?: unknown) => void,
) => Promise<void> {
  return async (req, res, next) => {
    // A Node request read to its end, or (for a request object that is not a Node stream) one
    // whose body a parser has set, cannot be verified any more.
    const consumed =
      req.readableEnded === true ||
      (req.readableEnded === undefined && req.body !== undefined && req.body !== null);
    if (consumed) {
      const error = new WebhookBodyConsumedError();
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal Server Error");
      if (options.onBodyConsumed !== undefined) options.onBodyConsumed(error);
      else next?.(error);
      return;
    }
    try {
      const response = await handler(toWebRequest(req));
      await writeNodeResponse(res, response, req.readableEnded === false);
    } catch (error) {
      // The handler answers every failure it knows; what reaches here is unexpected. `node:http`
      // ignores a listener's promise, so a throw would be an unhandled rejection that ends the
      // process: answer 500 and hand the error to the framework where there is one.
      if (res.headersSent !== true) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        res.end("Internal Server Error");
      }
      next?.(error);
    }
  };
}

/** The parts of a Fastify request and reply the hook uses. */
export interface FastifyRequestLike {
  /** The Node request underneath. */
  raw: NodeRequestLike;
}
/** The parts of a Fastify reply the hook uses. */
export interface FastifyReplyLike {
  /** The Node response underneath. */
  raw: NodeResponseLike;
  /** Tells Fastify that the response is written by hand. */
  hijack(): unknown;
}

/**
 * A Fastify `onRequest` hook that answers the webhook itself. `onRequest` runs before Fastify
 * parses the body, so the raw bytes are still there; the reply is hijacked, and the route's own
 * handler never runs.
 *
 * @example
 * import Fastify from "fastify";
 * import { createWebhookHandler } from "@d360-messaging/webhooks";
 * import { toFastifyHook } from "@d360-messaging/webhooks/node";
 *
 * const app = Fastify();
 * const onRequest = toFastifyHook(createWebhookHandler({ secret, onEvent }));
 * app.post("/webhook", { onRequest }, async () => {});
 */
export function toFastifyHook(
  handler: WebhookHandler,
): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<void> {
  const listener = toNodeListener(handler);
  return async (request, reply) => {
    reply.hijack();
    await listener(request.raw, reply.raw);
  };
}
