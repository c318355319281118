// When the network fails, d360 names the cause and the one fix, from the client's typed codes;
// --timeout, --verbose, the retry progress line, and proxies through a real proxy on loopback.
import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo, createServer, type Server as NetServer } from "node:net";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../src/main.js";
import {
  API_KEY,
  d360,
  expectNoSecretsInOutput,
  json,
  type Run,
  removeTempDirs,
  tempDir,
} from "./helpers.js";
import { startProxy } from "./proxy.js";

let mock: MockServer;
let env: Record<string, string>;
const servers: (Server | NetServer)[] = [];

async function listen<T extends Server | NetServer>(server: T): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every failure: exit 3, "error: Could not reach …" and one hint line, no stack trace. */
function expectOneLineAndHint(run: Run, cause: string, hint: string) {
  expect(run.code).toBe(3);
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^error: Could not reach http/);
  expect(lines[0]).toContain(cause);
  expect(lines[1]).toContain(hint);
  expect(run.stderr).not.toMatch(/\n\s+at |fetch failed|baseUrl/);
}

beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY] });
  env = { D360_API_KEY: API_KEY, D360_BASE_URL: mock.url };
});

afterAll(async () => {
  await mock?.close();
  for (const server of servers) server.close();
  expectNoSecretsInOutput();
  removeTempDirs();
});

beforeEach(() => mock.reset());

describe("a network failure names its cause and its fix", () => {
  it("connection refused", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await d360(["key", "get"], { env: { ...env, D360_BASE_URL: url } });
    expectOneLineAndHint(run, `${url}: connection refused`, "is d360 mock still running?");
    expect(run.stderr).toContain("(GET /whatsapp_business_encryption, 3 attempts)");
  });

  it("DNS name not found", async () => {
    // RFC 6761: .invalid never resolves.
    const run = await d360(["key", "get", "--json"], {
      env: { ...env, D360_BASE_URL: "http://d360-test.invalid" },
    });
    expect(run.code).toBe(3);
    expect(json(run)).toMatchObject({
      error: {
        type: "network",
        code: "dns",
        message: expect.stringContaining("http://d360-test.invalid: DNS name not found"),
        hint: expect.stringContaining("Check the host name in --base-url"),
      },
    });
  });

  it("connection reset", async () => {
    const address = await listen(
      createServer((socket) => socket.on("data", () => socket.resetAndDestroy())),
    );
    const run = await d360(["key", "get"], { env: { ...env, D360_BASE_URL: `http://${address}` } });
    expectOneLineAndHint(run, "connection reset", "Run the command again");
  });

  it("TLS failure", async () => {
    // https to a server that speaks plain HTTP: the handshake fails.
    const address = await listen(createHttpServer((_q, response) => response.end("{}")));
    const run = await d360(["key", "get"], {
      env: { ...env, D360_BASE_URL: `https://${address}` },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`error: Could not reach https://${address}: TLS failure`);
    expect(run.stderr).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("timeout, with --timeout SECONDS", async () => {
    // Accepts the request and never answers.
    const address = await listen(createHttpServer(() => {}));
    const run = await d360(["key", "get", "--timeout", "0.3"], {
      env: { ...env, D360_BASE_URL: `http://${address}` },
    });
    expect(run.code).toBe(3);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `error: No answer within 0.3 s: GET /whatsapp_business_encryption on http://${address} (3 attempts).`,
    );
    expect(lines[1]).toContain("raise --timeout SECONDS");
  });

  it("--timeout refuses what is not a number of seconds", async () => {
    // 0.0001 s rounds to 0 ms, which the client refuses (it was exit code 70, "a bug in d360").
    for (const value of ["0", "ten", "601", "1e3", "0.0001", "1e400", "Infinity", "2147483.648"]) {
      const run = await d360(["key", "get", "--timeout", value], { env });
      expect(run.code, value).toBe(2);
      expect(run.stderr).toContain("--timeout takes a number of seconds");
    }
    const negative = await d360(["key", "get", "--timeout", "-1"], { env });
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain("--timeout needs a value (SECONDS)");
    const inline = await d360(["key", "get", "--timeout=-1"], { env });
    expect(inline.code).toBe(2);
    expect(inline.stderr).toContain("--timeout takes a number of seconds");
    expect(mock.requests).toHaveLength(0);
  });
});

describe("--verbose", () => {
  it("prints each attempt with method, URL, status and time, the API key redacted", async () => {
    mock.faults.enqueue({ status: 503, times: 2 });
    const run = await d360(["key", "get", "--verbose"], { env });
    expect(run.code).toBe(1); // all three attempts made; no key uploaded
    const attempts = run.stderr.split("\n").filter((line) => line.startsWith("request "));
    expect(attempts).toHaveLength(3);
    const url = `${mock.url}/whatsapp_business_encryption`;
    for (const [index, status] of ["503", "503", "200"].entries())
      expect(attempts[index]).toMatch(
        new RegExp(
          `^request ${index + 1}: GET ${url.replace(/[.?]/g, "\\$&")} \\(D360-API-KEY: \\[REDACTED\\]\\) → ${status}( \\w.*)? in \\d+ ms$`,
        ),
      );
    expect(mock.requests).toHaveLength(3);
  });

  it("shows the server's reason phrase with its control characters escaped", async () => {
    // A reason phrase may hold any byte but CR and LF (RFC 9112, section 4): here a title change,
    // a screen clear and a CSI that would recolour the rest of the terminal.
    const phrase = "OK\u001b]0;owned\u0007\u001b[2J\u001b[31m";
    const body = '{"business_public_key":null}';
    const address = await listen(
      createServer((socket) =>
        socket.on("data", () =>
          socket.end(
            `HTTP/1.1 200 ${phrase}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
          ),
        ),
      ),
    );
    const run = await d360(["key", "get", "--verbose"], {
      env: { ...env, D360_BASE_URL: `http://${address}` },
    });
    expect(run.stderr).toContain("→ 200 OK\\x1b]0;owned\\x07\\x1b[2J\\x1b[31m in ");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
    expect(run.stderr + run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it("prints a failed attempt's cause", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await d360(["key", "get", "--verbose"], { env: { ...env, D360_BASE_URL: url } });
    expect(run.stderr).toMatch(/request 1: GET .* → no answer \(ECONNREFUSED\) after \d+ ms/);
  });
});

describe("the progress line while the client waits to retry", () => {
  async function inProcess(args: string[], stderrIsTTY: boolean, baseUrl = mock.url) {
    let stderr = "";
    const code = await main(args, {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      env: { D360_API_KEY: API_KEY, D360_BASE_URL: baseUrl },
      stderrIsTTY,
    });
    return { code, stderr };
  }

  it("says what the API answered and when the next attempt comes, on a terminal", async () => {
    mock.faults.enqueue({ status: 503 });
    const run = await inProcess(["key", "get"], true);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^360dialog answered 503, retrying in \d+(\.\d)? m?s \(attempt 2 of 3\)\n/,
    );
  });

  it("goes through the real API's 400 rate limit without the operator doing anything", async () => {
    const limited = await startMockServer({
      apiKeys: [API_KEY],
      rateLimit: { requests: 1, perMs: 1000 },
    });
    try {
      expect((await inProcess(["key", "get"], true, limited.url)).code).toBe(1);
      const second = await inProcess(["key", "get"], true, limited.url);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/^360dialog answered 400, retrying in .* \(attempt 2 of 3\)/);
      expect(limited.requests.map((request) => request.status)).toContain(400);
    } finally {
      await limited.close();
    }
  });

  it("names a network cause, and is not written when stderr is not a terminal", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const tty = await inProcess(["key", "get"], true, url);
    expect(tty.stderr).toMatch(
      /^No answer \(connection refused\), retrying in .* \(attempt 2 of 3\)\n/m,
    );
    expect(tty.stderr).toMatch(/\(attempt 3 of 3\)/);
    const piped = await inProcess(["key", "get"], false, url);
    expect(piped.stderr).not.toContain("retrying");
    expect(piped.stderr).toContain("connection refused");
  });
});

describe("HTTPS_PROXY / HTTP_PROXY / NO_PROXY, through a real proxy", () => {
  it("sends every API call through the proxy the environment names", async () => {
    const proxy = await startProxy();
    try {
      const run = await d360(["key", "get", "--json"], {
        env: { ...env, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
      });
      expect(run.code).toBe(1);
      expect(json(run)).toMatchObject({ uploaded: false });
      expect(proxy.tunnels).toEqual([new URL(mock.url).host]);
      expect(mock.requests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("reads the proxy from --env-file too (lower-case names as well)", async () => {
    const proxy = await startProxy();
    try {
      const file = join(tempDir(), "proxy.env");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(file, `http_proxy=${proxy.url}\n`);
      const run = await d360(["key", "get", "--env-file", file], { env });
      expect(run.code).toBe(1);
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("goes direct for a host in NO_PROXY", async () => {
    const proxy = await startProxy();
    try {
      const run = await d360(["key", "get"], {
        env: { ...env, HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" },
      });
      expect(run.code).toBe(1);
      expect(proxy.tunnels).toEqual([]);
      expect(mock.requests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("a proxy that refuses the tunnel is named as the cause, with its fix", async () => {
    const proxy = await startProxy({ refuse: 407 });
    try {
      const run = await d360(["key", "get"], {
        env: { ...env, HTTP_PROXY: `http://user:proxy-password-123@${new URL(proxy.url).host}` },
      });
      expectOneLineAndHint(run, "proxy failure", "HTTPS_PROXY / HTTP_PROXY");
      expect(run.stderr).not.toContain("proxy-password-123");
      expect(mock.requests).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });

  it("a proxy that is not running is named as what could not be reached, without credentials", async () => {
    const port = await closedPort();
    const run = await d360(["key", "get", "--json"], {
      env: { ...env, HTTP_PROXY: `http://user:proxy-password-123@127.0.0.1:${port}` },
    });
    expect(run.code).toBe(3);
    const { error } = json<{ error: { message: string; hint: string; code: string } }>(run);
    expect(error.code).toBe("connection_refused");
    expect(error.message).toMatch(
      new RegExp(
        `^Could not reach the proxy http://127\\.0\\.0\\.1:${port} \\(from HTTP_PROXY\\) on the way to ${mock.url.replace(/\./g, "\\.")}: connection refused`,
      ),
    );
    expect(error.hint).toContain("Check HTTP_PROXY");
    expect(run.stdout + run.stderr).not.toContain("proxy-password-123");
    expect(mock.requests).toHaveLength(0);
  });

  it("takes HOST:PORT without a scheme as an http proxy, as curl does", async () => {
    const proxy = await startProxy();
    try {
      const hostPort = new URL(proxy.url).host;
      const run = await d360(["key", "get", "--json"], {
        env: { ...env, HTTPS_PROXY: hostPort, http_proxy: hostPort },
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      expect(proxy.tunnels).toEqual([new URL(mock.url).host]);
    } finally {
      await proxy.close();
    }
  });

  it("HTTPS_PROXY=HOST:PORT carries an https base URL's calls; a proxy that drops the tunnel does not keep d360 running", async () => {
    const proxy = await startProxy();
    try {
      // Nothing listens at the target, so the proxy closes each tunnel without an answer; undici
      // then asks again without end, also after the request gave up, until d360 destroys it.
      const target = `127.0.0.1:${await closedPort()}`;
      const run = await d360(["key", "get", "--json", "--timeout", "0.5"], {
        env: { ...env, D360_BASE_URL: `https://${target}`, HTTPS_PROXY: new URL(proxy.url).host },
      });
      expect(run.code, run.stdout).toBe(3);
      expect(json(run)).toMatchObject({
        error: { hint: expect.stringContaining(`through the proxy ${proxy.url} (HTTPS_PROXY)`) },
      });
      expect(proxy.tunnels[0]).toBe(target);
    } finally {
      await proxy.close();
    }
  });

  it("a proxy value that cannot be read is a usage error naming the variable, never its value", async () => {
    for (const [name, value] of [
      ["HTTPS_PROXY", "http://user:proxy-secret-77@[bad"],
      ["https_proxy", "socks5://user:proxy-secret-77@127.0.0.1:1080"],
      ["HTTPS_PROXY", "proxy-secret-77:99999"],
    ] as const) {
      const run = await d360(["key", "get"], {
        env: { ...env, D360_BASE_URL: "https://127.0.0.1:9", [name]: value },
      });
      expect(run.code, value).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^error: ${name} is not a usable proxy URL`));
      expect(run.stderr).not.toContain("proxy-secret-77");
      expect(run.stderr).not.toContain("bug in d360");
    }
  });
});
