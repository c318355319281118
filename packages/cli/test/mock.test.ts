import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  BIN,
  capture,
  d360,
  expectNoSecretsInOutput,
  type Run,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

const ENCRYPTION = "/whatsapp_business_encryption";

interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first text of the stream (stdout by default) matching the pattern. */
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<RegExpMatchArray>;
  exited: Promise<Run>;
}

function startMock(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [BIN, "mock", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  const text = { stdout: "", stderr: "" };
  const waiters: {
    pattern: RegExp;
    stream: "stdout" | "stderr";
    resolve: (match: RegExpMatchArray) => void;
  }[] = [];
  const onData = (stream: "stdout" | "stderr") => (chunk: string) => {
    text[stream] += chunk;
    for (const waiter of [...waiters]) {
      const match = waiter.stream === stream ? text[stream].match(waiter.pattern) : null;
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout.setEncoding("utf8").on("data", onData("stdout"));
  child.stderr.setEncoding("utf8").on("data", onData("stderr"));
  const exited = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => {
      const run = { code, signal, ...text };
      capture(run);
      resolve(run);
    }),
  );
  return {
    child,
    exited,
    waitFor: (pattern, stream = "stdout") =>
      new Promise((resolve, reject) => {
        const match = text[stream].match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, stream, resolve });
        exited.then((run) => reject(new Error(`d360 mock exited ${run.code}: ${run.stderr}`)));
      }),
  };
}

afterAll(() => {
  expectNoSecretsInOutput();
  removeTempDirs();
});

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

  it("quotes a test key for the shell in its Try line, which then works as pasted", async () => {
    const key = "k$(echo x)'y";
    const mock = startMock(["--api-key", key]);
    try {
      const [, line] = (await mock.waitFor(/Try: {2}(.+)\n/)) as [string, string];
      expect(line).toContain(`D360_API_KEY='k$(echo x)'\\''y' d360 key get`);
      const script = `d360() { "${process.execPath}" "${BIN}" "$@"; }\n${line} --json`;
      const pasted = spawnSync("sh", ["-c", script], { env: { PATH: process.env.PATH ?? "" } });
      expect(pasted.status, String(pasted.stderr)).toBe(1); // reached the mock: no key uploaded
      expect(JSON.parse(String(pasted.stdout))).toMatchObject({ uploaded: false });
    } finally {
      mock.child.kill("SIGTERM");
    }
    expect((await mock.exited).code).toBe(0);
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

  it("logs each request on stderr as it is answered, naming the test key, never a real one", async () => {
    const mock = startMock(["--api-key", "key-one", "--api-key", "key-two"], {
      D360_API_KEY: API_KEY,
    });
    const [, url] = (await mock.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)) as [
      string,
      string,
    ];
    await fetch(`${url}${ENCRYPTION}?fields=business_public_key`, {
      headers: { "D360-API-KEY": "key-two" },
    });
    await mock.waitFor(
      /GET \/whatsapp_business_encryption\?fields=business_public_key {2}200 {2}key-two\n/,
      "stderr",
    );
    // A real key sent to the mock by mistake is refused and never written to the log.
    await fetch(`${url}${ENCRYPTION}`, { headers: { "D360-API-KEY": API_KEY } });
    await mock.waitFor(/GET \/whatsapp_business_encryption {2}401 {2}unknown API key\n/, "stderr");
    // Two segments: a one-segment path is a media id (`/{media_id}`) in the spec, so POST there is 405.
    await fetch(`${url}/no/where`, { method: "POST" });
    const [line] = (await mock.waitFor(/^.*POST \/no\/where.*\n/m, "stderr")) as [string];
    expect(line).toMatch(/^\d\d:\d\d:\d\d {2}POST \/no\/where {2}404 {2}no API key\n$/);
    mock.child.kill("SIGINT");
    const run = await mock.exited;
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain(API_KEY);
  });

  it("--mismatch makes an uploaded key report MISMATCH, so doctor's failure path can be practised", async () => {
    const mock = startMock(["--mismatch", "--json"]);
    const [line] = (await mock.waitFor(/^.*\n/)) as [string];
    const { url, apiKeys } = JSON.parse(line) as { url: string; apiKeys: string[] };
    const keys = tempDir();
    const env = { D360_BASE_URL: url, D360_API_KEY: apiKeys[0] as string };
    expect((await d360(["keygen", "--out", keys])).code).toBe(0);
    expect((await d360(["key", "set", join(keys, "public.pem")], { env })).code).toBe(0);
    const doctor = await d360(["doctor", "--private-key", join(keys, "private.pem")], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain("FAIL  Signature status is MISMATCH");
    expect(doctor.stdout).toContain("PASS  Fingerprints match");
    mock.child.kill("SIGTERM");
    expect((await mock.exited).code).toBe(0);
  });

  it("--rate-limit answers over the limit as the real API: 400 with the vendor's message", async () => {
    const mock = startMock(["--rate-limit", "1/60s"]);
    const [, url] = (await mock.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)) as [
      string,
      string,
    ];
    await mock.waitFor(/Rate limit: 1 request per 60 s per key; over it: 400 as the real API/);
    const headers = { "D360-API-KEY": "test-api-key" };
    expect((await fetch(`${url}${ENCRYPTION}`, { headers })).status).toBe(200);
    const limited = await fetch(`${url}${ENCRYPTION}`, { headers });
    expect(limited.status).toBe(400);
    expect(await limited.json()).toEqual({ error: "You have exceeded the endpoint rate limit." });
    await mock.waitFor(/GET \/whatsapp_business_encryption {2}400 {2}test-api-key\n/, "stderr");
    mock.child.kill("SIGINT");
    await mock.exited;

    const spec = startMock(["--rate-limit", "1/60s", "--rate-limit-response", "spec", "--json"]);
    const started = JSON.parse(((await spec.waitFor(/^.*\n/)) as [string])[0]) as { url: string };
    await fetch(`${started.url}${ENCRYPTION}`, { headers });
    const over = await fetch(`${started.url}${ENCRYPTION}`, { headers });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    spec.child.kill("SIGINT");
    await spec.exited;
  });

  it("exits 2 for a malformed --rate-limit or --rate-limit-response", async () => {
    for (const args of [
      ["--rate-limit", "fast"],
      ["--rate-limit", "0/1s"],
      ["--rate-limit", "1/2s", "--rate-limit-response", "teapot"],
      ["--rate-limit-response", "spec"],
    ]) {
      const run = await d360(["mock", ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/--rate-limit/);
    }
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
