// A tiny node:http server that records the raw request line, raw headers and body, for wire
// assertions the mock's parsed record cannot make (literal commas in the query, header names).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RawRequest {
  method: string;
  /** The request target exactly as sent, e.g. `/whatsapp_business_encryption?fields=a,b`. */
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Recorder {
  url: string;
  requests: RawRequest[];
  /** Answer the next requests with these (status, headers, body); afterwards 200 `{"data": []}`. */
  queue: { status: number; headers?: Record<string, string>; body: string }[];
  close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
  const requests: RawRequest[] = [];
  const queue: Recorder["queue"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        target: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const next = queue.shift() ?? {
        status: 200,
        headers: { "content-type": "application/json" },
        body: '{"data":[]}',
      };
      res.writeHead(next.status, next.headers);
      res.end(next.body);
    });
  });
  // Idle keep-alive sockets stay open for the suite (Node closes them after 5 s, which a busy
  // machine can make a request meet: ECONNRESET with retry off).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    queue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
