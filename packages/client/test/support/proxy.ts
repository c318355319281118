// A tiny HTTP proxy on loopback that tunnels CONNECT requests (what undici's ProxyAgent and
// EnvHttpProxyAgent send, for http and https targets alike) and records each tunnel. With
// `refuse`, it answers CONNECT with that status instead.
import { createServer } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

export interface TestProxy {
  url: string;
  /** `host:port` of each CONNECT, in order. */
  tunnels: string[];
  close(): Promise<void>;
}

export async function startProxy(options: { refuse?: number } = {}): Promise<TestProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(501).end("only CONNECT");
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    tunnels.push(req.url ?? "");
    if (options.refuse) {
      client.end(`HTTP/1.1 ${options.refuse} Refused\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
