// The failure handling is a chunk of its own, loaded with import() (src/failure/load.ts). This
// bundles the built client the way an application does (esbuild, code splitting) into a
// temporary directory, runs the bundle in Node against real loopback servers, and checks both
// sides: with the chunk there, failures are handled in full (retries, the vendor's table); with
// the chunk gone (a browser or Worker that went offline, a deploy that replaced the files), a
// refused connection is still a NetworkError, a timeout a TimeoutError, an error status an
// ApiError, a redirect still refused. Needs dist/ (turbo runs `build` before `test`).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Client from "../src/index.js";
import { API_KEY, caught, expectNoLeak, exposure } from "./support/secrets.js";

afterAll(() => expectNoLeak());

const PATH = "/whatsapp_business_encryption";
const dirs: string[] = [];

/** Puts the deleted failure chunk back. */
let restore = () => {};

/** The client bundled with code splitting; `withoutFailure` deletes the failure chunk. */
async function bundled(withoutFailure: boolean): Promise<typeof Client> {
  const dist = new URL("../dist/index.js", import.meta.url);
  expect(existsSync(dist), "run the build first").toBe(true);
  const outdir = mkdtempSync(join(tmpdir(), "d360-client-bundle-"));
  dirs.push(outdir);
  const result = await build({
    entryPoints: [dist.pathname],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    outdir,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = Object.entries(result.metafile.outputs);
  const failure = outputs.find(([, o]) => o.entryPoint?.endsWith("failure/index.js"))?.[0];
  const entry = outputs.find(([, o]) => o.entryPoint?.endsWith("dist/index.js"))?.[0];
  // The failure handling is a chunk of its own, not part of what loads on import.
  expect(failure).toBeDefined();
  if (withoutFailure) {
    const contents = readFileSync(failure as string);
    rmSync(failure as string);
    restore = () => writeFileSync(failure as string, contents);
  }
  return import(pathToFileURL(entry as string).href);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let requests = 0;
let server: Server;
let url: string;
let refused: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: open one, note it, close it.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

describe("with the failure chunk", () => {
  let client: typeof Client;
  beforeAll(async () => {
    client = await bundled(false);
  });

  it("retries and classifies with the vendor's table", async () => {
    let calls = 0;
    handler = (req, res) =>
      calls++ === 0
        ? answer(503, { error: "down" })(req, res)
        : answer(200, { data: [{ business_public_key: "k" }] })(req, res);
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: url, retry: { delay: 1 } });
    await expect(api.encryption.getBusinessPublicKey()).resolves.toEqual({
      business_public_key: "k",
    });
    expect(calls).toBe(2);

    handler = answer(400, { error: "Your WhatsApp for Business API has been disabled" });
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(error).toBeInstanceOf(client.ApiError);
    expect(error).toMatchObject({ kind: "account_disabled", status: 400 });
    expect(error.message).toContain("contact 360dialog support");
  });

  it("a refused connection is a NetworkError with its code", async () => {
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: refused, retry: false });
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(client.isNetworkError(error)).toBe(true);
    expect(error.code).toBe("connection_refused");
  });
});

describe("without the failure chunk (it cannot be loaded)", () => {
  let client: typeof Client;
  beforeAll(async () => {
    client = await bundled(true);
  });

  it("a refused connection is still a NetworkError, its cause free of the key", async () => {
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: refused });
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(error).toBeInstanceOf(client.NetworkError);
    expect(error).toMatchObject({ code: "other", attempts: 1 });
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(await exposure(error)).not.toContain(API_KEY);
    // The generic methods reject with it too.
    await expect(api.GET(PATH)).rejects.toBeInstanceOf(client.NetworkError);
  });

  it("an error status is an ApiError of the kind its status says, not retried", async () => {
    handler = answer(503, { error: "down" });
    requests = 0;
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: url, retry: { delay: 1 } });
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(error).toBeInstanceOf(client.ApiError);
    expect(error).toMatchObject({ status: 503, kind: "unavailable", attempts: 1 });
    expect(error.url).toBe(`${url}${PATH}`);
    expect(requests).toBe(1);
    const { error: body, response } = await api.GET(PATH);
    expect([response.status, body]).toEqual([503, { error: "down" }]);
  });

  it("a timeout is a TimeoutError", async () => {
    handler = () => {};
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: url, timeout: 50 });
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(error).toBeInstanceOf(client.TimeoutError);
    expect(error).toMatchObject({ kind: "attempt", timeout: 50, attempts: 1 });
  });

  it("a redirect is still refused: an ApiError of kind redirect", async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: "http://127.0.0.1:1/steal" });
      res.end();
    };
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: url });
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(error).toBeInstanceOf(client.ApiError);
    expect(error).toMatchObject({ status: 302, kind: "redirect" });
  });

  it("a success still succeeds; an unexpected success body is still an ApiError", async () => {
    handler = answer(200, { data: [] });
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: url });
    await expect(api.encryption.getBusinessPublicKey()).resolves.toBeNull();
    // A success body that is not the spec's is still refused.
    handler = answer(200, [1, 2]);
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(error).toBeInstanceOf(client.ApiError);
    expect(error).toMatchObject({ status: 200, kind: "unexpected_body" });
  });

  it("a failed load is tried again: once the chunk is back, failures are handled in full", async () => {
    const api = client.createD360Client({ apiKey: API_KEY, baseUrl: refused, retry: false });
    expect(await caught(api.encryption.getBusinessPublicKey())).toMatchObject({ code: "other" });
    restore();
    const error = await caught(api.encryption.getBusinessPublicKey());
    expect(client.isNetworkError(error)).toBe(true);
    expect(error.code).toBe("connection_refused");
  });
});
