import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { API_KEY, BIN, capture, d360, expectNoSecretsInOutput, type Run } from "./helpers.js";

const ENCRYPTION = "/whatsapp_business_encryption";

interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout text matching the pattern. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<Run>;
}

function startMock(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [BIN, "mock", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const waiter of [...waiters]) {
      const match = stdout.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => {
      const run = { code, signal, stdout, stderr };
      capture(run);
      resolve(run);
    }),
  );
  return {
    child,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = stdout.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        exited.then((run) => reject(new Error(`d360 mock exited ${run.code}: ${run.stderr}`)));
      }),
  };
}

afterAll(() => expectNoSecretsInOutput());

describe("d360 mock", () => {
  it("serves the mock API on the printed URL with the printed keys until SIGINT, then exits 0", async () => {
    // A real key in the environment must not be printed (nor accepted): mock uses only --api-key.
    const mock = startMock(["--api-key", "key-one", "--api-key", "key-two"], {
      D360_API_KEY: API_KEY,
    });
    const [, url] = (await mock.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)) as [
      string,
      string,
    ];
    const [, keys] = (await mock.waitFor(/Test API keys: (.+)\n/)) as [string, string];
    expect(keys).toBe("key-one, key-two");
    const ok = await fetch(`${url}${ENCRYPTION}`, { headers: { "D360-API-KEY": "key-two" } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: [] });
    const refused = await fetch(`${url}${ENCRYPTION}`, { headers: { "D360-API-KEY": API_KEY } });
    expect(refused.status).toBe(401);

    mock.child.kill("SIGINT");
    const run = await mock.exited;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Mock server stopped.");
  });

  it("prints one JSON line with --json, uses the default test key, and stops on SIGTERM with exit 0", async () => {
    const mock = startMock(["--json"]);
    const [line] = (await mock.waitFor(/^.*\n/)) as [string];
    const started = JSON.parse(line) as { url: string; port: number; apiKeys: string[] };
    expect(started.apiKeys).toEqual(["test-api-key"]);
    expect(started.url).toBe(`http://127.0.0.1:${started.port}`);
    const run = await d360(["key", "get", "--json"], {
      env: { D360_BASE_URL: started.url, D360_API_KEY: "test-api-key" },
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ uploaded: false });
    mock.child.kill("SIGTERM");
    expect((await mock.exited).code).toBe(0);
  });

  it("exits 2 for an --api-key no header can carry, naming its position, not the key", async () => {
    const run = await d360(["mock", "--api-key", "fine", "--api-key", "clé-secrète"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--api-key number 2: has a character an HTTP header cannot carry");
    expect(run.stderr).not.toContain("secrète");
    const dup = await d360(["mock", "--api-key", "same", "--api-key", "same"]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain("--api-key number 2: repeats an earlier key");
  });

  it("exits 2 for a bad --port and for a port in use", async () => {
    const bad = await d360(["mock", "--port", "http"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--port must be a whole number");

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const inUse = await d360(["mock", "--port", String(port)]);
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toContain(`Port ${port} is already in use`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
