import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  getRequestListener,
  type Http2Bindings,
  type HttpBindings,
  RequestError,
} from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { errorResponse, isConnectionDroppedError } from "../errors.js";
import { createMockHandler, type MockHandler, type MockOptions } from "../handler.js";
import { integerOption } from "../options.js";

/** Options of {@link startMockServer}: the handler's options plus where to listen. */
export interface MockServerOptions extends MockOptions {
  /**
   * TCP port; `0` picks a free ephemeral port (read it back from `port` / `url`).
   * @default 0
   * @example
   * await startMockServer({ port: 4010 });
   */
  port?: number;
  /**
   * Interface to listen on. The default keeps the mock off the network.
   * @default "127.0.0.1"
   * @example
   * await startMockServer({ host: "0.0.0.0" }); // reachable from a container
   */
  host?: string;
}

/** A running mock server. */
export interface MockServer {
  /** Base URL to point a client at, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  readonly url: string;
  /** The port actually bound. */
  readonly port: number;
  /** The host it listens on. */
  readonly host: string;
  /** The fetch handler it serves: the state and controls below are its own. */
  readonly handler: MockHandler;
  /** Same as `handler.faults`. */
  readonly faults: MockHandler["faults"];
  /** Same as `handler.requests`. */
  readonly requests: MockHandler["requests"];
  /** Same as `handler.apiKeys`. */
  readonly apiKeys: MockHandler["apiKeys"];
  /** Same as `handler.getBusinessPublicKey`. */
  getBusinessPublicKey: MockHandler["getBusinessPublicKey"];
  /** Same as `handler.getBusinessEncryptionInfo`. */
  getBusinessEncryptionInfo: MockHandler["getBusinessEncryptionInfo"];
  /** Same as `handler.setBusinessPublicKey`. */
  setBusinessPublicKey: MockHandler["setBusinessPublicKey"];
  /** Same as `handler.messages`. */
  readonly messages: MockHandler["messages"];
  /** Same as `handler.duplicates`. */
  readonly duplicates: number;
  /** Same as `handler.messageEvents`. */
  readonly messageEvents: MockHandler["messageEvents"];
  /** Same as `handler.reset`. */
  reset: MockHandler["reset"];
  /** The media CDN; `put` returns the file's whole URL on this server, ready for a `cdn_url`. */
  readonly cdn: {
    /** Stores a file on the mock's CDN and returns its whole URL, ready for a `cdn_url`. */
    put(file: Uint8Array): string;
  };
  /** Same as `handler.webhooks`: `inbound`, `deliveries`, unreachable numbers. */
  readonly webhooks: MockHandler["webhooks"];
  /**
   * Stop listening and cut open connections (even ones waiting on a delayed fault); pending
   * webhooks are cancelled.
   */
  close(): Promise<void>;
}

/**
 * Start the mock API on a local HTTP server (Node only; exported from the
 * package's `node` build). It serves {@link createMockHandler}, itself a Hono
 * app, on `@hono/node-server`, without replacing the process's global `Request`
 * and `Response`, so the test process it runs in sees standard objects.
 *
 * @example
 * const server = await startMockServer();
 * const res = await fetch(`${server.url}/whatsapp_business_encryption`, {
 *   headers: { "D360-API-KEY": server.apiKeys[0] },
 * });
 * await server.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = "127.0.0.1", ...handlerOptions } = options;
  // Node's listen() takes a string port for a pipe or socket path: "4010" would not be a port.
  integerOption("port", port, 0, 65535);
  if (typeof host !== "string" || host === "") {
    throw new TypeError('host must be a non-empty string, e.g. "127.0.0.1"');
  }
  const handler = createMockHandler(handlerOptions);

  // The adapter's Node bindings give the socket that a `drop` fault destroys.
  const serve = async (request: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    try {
      return await handler(standardRequest(request));
    } catch (error) {
      if (isConnectionDroppedError(error)) {
        // The injected "drop": reset the TCP connection before any byte of a
        // response, so the client sees what it would see from a failing proxy.
        env.incoming.socket.destroy();
        return RESPONSE_ALREADY_SENT;
      }
      // The handler rejects otherwise only when the client went away mid-delay.
      return errorResponse(500, "Internal error in the mock server");
    }
  };
  // overrideGlobalObjects off: the adapter would otherwise replace the global
  // Request and Response of the (test) process the mock runs in.
  const listener = getRequestListener(serve, {
    overrideGlobalObjects: false,
    // A request the adapter cannot turn into a Request (a bad or missing Host, `OPTIONS *`) would
    // get an empty 400 from it; every error of the mock is an ErrorResp body.
    errorHandler: (error) =>
      error instanceof RequestError
        ? errorResponse(400, "Malformed request: the adapter could not read it")
        : errorResponse(500, "Internal error in the mock server"),
  });
  const server = createServer(listener);
  await listen(server, port, host);
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  const url = `http://${urlHost}:${bound}`;
  return {
    get duplicates() {
      return handler.duplicates;
    },
    messages: handler.messages,
    messageEvents: handler.messageEvents,
    url,
    port: bound,
    host,
    handler,
    faults: handler.faults,
    requests: handler.requests,
    apiKeys: handler.apiKeys,
    getBusinessPublicKey: handler.getBusinessPublicKey,
    getBusinessEncryptionInfo: handler.getBusinessEncryptionInfo,
    setBusinessPublicKey: handler.setBusinessPublicKey,
    reset: handler.reset,
    cdn: { put: (file) => `${url}${handler.cdn.put(file)}` },
    webhooks: handler.webhooks,
    close: () => {
      handler.webhooks.stop();
      return close(server);
    },
  };
}

// Without replacing the globals, @hono/node-server hands over a lightweight Request-like object
// that the platform's Request constructor cannot copy, and Hono's bodyLimit copies the request
// to re-wrap a streamed body it has buffered. A request with a body is rebuilt as a standard
// Request around the same stream and signal (a client going away still aborts it).
function standardRequest(request: Request): Request {
  if (request.body === null) return request;
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
