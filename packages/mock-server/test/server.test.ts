import { execFile } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, startMockServer } from "../src/index.node.js";
import { FORM, formBody, PATH, rsaKeyPair } from "./helpers.js";

const execFileAsync = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
let server: MockServer | undefined;
let pem: string;

beforeAll(() => {
  pem = rsaKeyPair().publicKeyPem;
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("startMockServer over real HTTP", () => {
  it("listens on an ephemeral loopback port and serves the API", async () => {
    server = await startMockServer();
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const key = server.apiKeys[0] ?? "";
    const up = await fetch(`${server.url}${PATH}`, {
      method: "POST",
      headers: { ...FORM, "D360-API-KEY": key },
      body: formBody(pem),
    });
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ success: true });
    const res = await fetch(`${server.url}${PATH}?fields=business_public_key_signature_status`, {
      headers: { "D360-API-KEY": key },
    });
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toEqual({
      data: [{ business_public_key_signature_status: "VALID" }],
    });
    expect(server.getBusinessPublicKey(key)).toBe(pem);
    expect(server.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", PATH, 200],
      ["GET", PATH, 200],
    ]);
    expect(server.requests[0]?.headers["d360-api-key"]).toBe("[REDACTED]");
  });

  it("answers 401 and 404 as JSON over HTTP", async () => {
    server = await startMockServer({ apiKeys: ["k1"] });
    const unauth = await fetch(`${server.url}${PATH}`);
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toEqual({ error: expect.any(String) });
    // Two segments: any one-segment path is `GET /{media_id}` (Meta's Media).
    const missing = await fetch(`${server.url}/nowhere/at-all`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: expect.any(String) });
  });

  it("answers a request the adapter cannot build (bad Host, OPTIONS *) with an ErrorResp 400", async () => {
    server = await startMockServer();
    const { port } = server;
    for (const head of [
      `GET ${PATH} HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n`,
      "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    ]) {
      const reply = await rawExchange(port, head);
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4))).toEqual({
        error: expect.stringContaining("Malformed request"),
      });
    }
  });

  it("drop: true resets the connection, and fetch rejects with a network error", async () => {
    server = await startMockServer();
    server.faults.enqueue({ drop: true });
    const error = await fetch(`${server.url}${PATH}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    expect(server.requests[0]?.fault).toBe(true);
    // The server keeps serving after the drop.
    const next = await fetch(`${server.url}${PATH}`, {
      headers: { "D360-API-KEY": server.apiKeys[0] ?? "" },
    });
    expect(next.status).toBe(200);
  });

  it("serves a queued 503 with Retry-After and a delay", async () => {
    server = await startMockServer();
    server.faults.enqueue({ status: 503, headers: { "Retry-After": "1" }, delayMs: 30 });
    const started = performance.now();
    const res = await fetch(`${server.url}${PATH}`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
  });

  it("close() returns promptly while a delayed fault is pending", async () => {
    server = await startMockServer();
    server.faults.enqueue({ delayMs: 60_000, status: 500 });
    const pending = fetch(`${server.url}${PATH}`).catch((e: unknown) => e);
    await vi.waitFor(() => expect(server?.requests).toHaveLength(1));
    await server.close();
    expect(await pending).toBeInstanceOf(TypeError);
    server = undefined;
  });

  it("close() also cuts a delayed upload: the rebuilt request still follows the connection", async () => {
    server = await startMockServer();
    server.faults.enqueue({ method: "POST", delayMs: 60_000, status: 500 });
    const pending = fetch(`${server.url}${PATH}`, {
      method: "POST",
      headers: FORM,
      body: formBody(pem),
    }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(server?.requests).toHaveLength(1));
    await server.close();
    expect(await pending).toBeInstanceOf(TypeError);
    server = undefined;
  });

  it("leaves no pending delay behind: a process that closes the server exits at once", async () => {
    // In a child process, so that the assertion is the process's own exit, not a timer count.
    const script = `
      import { startMockServer } from "./src/index.node.ts";
      const server = await startMockServer();
      server.faults.enqueue({ delayMs: 3600000, status: 500 });
      const pending = fetch(server.url + "/whatsapp_business_encryption").catch(() => "dropped");
      while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      await server.close();
      console.log(await pending);
    `;
    // No wall-clock ceiling: a leaked one-hour delay would keep the child past the kill timeout (240 s),
    // however busy the machine.
    const { stdout } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: packageDir, timeout: 240_000 },
    );
    expect(stdout.trim()).toBe("dropped");
  }, 300_000);

  it("answers HEAD like GET without a body over HTTP", async () => {
    server = await startMockServer();
    const res = await fetch(`${server.url}${PATH}`, {
      method: "HEAD",
      headers: { "D360-API-KEY": server.apiKeys[0] ?? "" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.text()).toBe("");
    const options = await fetch(`${server.url}${PATH}`, { method: "OPTIONS" });
    expect(options.status).toBe(405);
    // DELETE too: `DELETE /{media_id}` matches this one-segment path.
    expect(options.headers.get("allow")).toBe("GET, HEAD, POST, DELETE");
  });

  it("answers 413 for an oversized upload over HTTP", async () => {
    server = await startMockServer({ maxBodyBytes: 1024 });
    const res = await fetch(`${server.url}${PATH}`, {
      method: "POST",
      headers: { ...FORM, "D360-API-KEY": server.apiKeys[0] ?? "" },
      body: `business_public_key=${"A".repeat(100_000)}`,
    });
    expect(res.status).toBe(413);
  });

  it("reads a chunked upload (no Content-Length) within the limit, and answers 413 past it", async () => {
    server = await startMockServer({ maxBodyBytes: 4096 });
    const key = server.apiKeys[0] ?? "";
    const chunked = (text: string) =>
      fetch(`${server?.url}${PATH}`, {
        method: "POST",
        headers: { ...FORM, "D360-API-KEY": key },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            const bytes = new TextEncoder().encode(text);
            for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
    const ok = await chunked(formBody(pem));
    expect(ok.status).toBe(200);
    expect(server.requests[0]?.headers["transfer-encoding"]).toBe("chunked");
    expect(server.requests[0]?.body).toBe(formBody(pem));
    expect(server.getBusinessPublicKey(key)).toBe(pem);
    const big = await chunked(`business_public_key=${"A".repeat(10_000)}`);
    expect(big.status).toBe(413);
    // The server keeps serving on the same port after cutting the upload short.
    expect((await fetch(`${server.url}${PATH}`, { headers: { "D360-API-KEY": key } })).status).toBe(
      200,
    );
  });

  it("reads a multipart upload over HTTP", async () => {
    server = await startMockServer();
    const form = new FormData();
    form.set("business_public_key", new Blob([pem]), "key.pem");
    const res = await fetch(`${server.url}${PATH}`, {
      method: "POST",
      headers: { "D360-API-KEY": server.apiKeys[0] ?? "" },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(server.getBusinessPublicKey(server.apiKeys[0] ?? "")).toBe(pem);
  });

  it("rejects when the port is taken", async () => {
    server = await startMockServer();
    await expect(startMockServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it("does not replace the global Request and Response", async () => {
    const { Request: R, Response: S } = globalThis;
    server = await startMockServer();
    await fetch(`${server.url}${PATH}`);
    expect(globalThis.Request).toBe(R);
    expect(globalThis.Response).toBe(S);
  });
});

/** Send raw bytes (what fetch would never send) and read the whole reply. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(request));
    let reply = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      reply += chunk;
    });
    socket.on("end", () => resolve(reply));
    socket.on("error", reject);
  });
}
