// `pnpm demo` is the README's first command: run it as a user would (a child process on the built
// packages) and check the story it tells, and that the real-API mode never uploads unasked.
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { generateKeyPair, publicKeyFingerprint } from "@d360-messaging/keys";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Each run is a child process that starts servers and makes RSA keys: give it room on a busy machine.
const DEMO_TIMEOUT_MS = 240_000;

const demo = fileURLToPath(new URL("../demo.ts", import.meta.url));

function runDemo(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", demo, ...args],
      {
        cwd: path.dirname(demo),
        env: { ...process.env, D360_API_KEY: undefined, D360_BASE_URL: undefined, ...env },
        timeout: DEMO_TIMEOUT_MS,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("pnpm demo on the embedded mock", () => {
  test(
    "uploads, reads back VALID, exchanges Flows requests, shows the 421 after rotation, rotates with [new, old], uploads a photo",
    async () => {
      const { code, stdout, stderr } = await runDemo([], {});
      expect(stderr).toBe("");
      expect(code).toBe(0);
      // The same fingerprint is printed for the generated key and for the key read back.
      const fingerprints = [...stdout.matchAll(/fingerprint\s+(SHA256:\S+)/g)].map((m) => m[1]);
      expect(fingerprints).toHaveLength(2);
      expect(fingerprints[0]).toBe(fingerprints[1]);
      expect(stdout).toMatch(/signature status\s+VALID/);
      // No PEM dump: the fingerprint says which key it is.
      expect(stdout).not.toContain("-----BEGIN");
      expect(stdout).toMatch(/ping →\s+HTTP 200 \{"data":\{"status":"active"\}\}/);
      expect(stdout).toMatch(/INIT →\s+HTTP 200 \{"screen":"DETAILS"/);
      expect(stdout).toMatch(
        /data_exchange →\s+HTTP 200 .*"received":\{"name":"Ada","tickets":2\}/,
      );
      expect(stdout).toMatch(/INIT →\s+HTTP 421 after 2 attempts/);
      // After the re-upload the exchange succeeds again.
      expect(stdout).toMatch(/Upload the new public key, and try again\n\s+INIT →\s+HTTP 200/);
      // The rotation with [new, old]: one request each, opened by the old key, then the new one.
      expect(stdout).toMatch(
        /INIT, old key →\s+HTTP 200 after 1 request\(s\) .*"opened_with_key":1/,
      );
      expect(stdout).toMatch(
        /INIT, new key →\s+HTTP 200 after 1 request\(s\) .*"opened_with_key":0/,
      );
      // The photo went through the mock's CDN and came back as the endpoint decrypted it.
      expect(stdout).toMatch(/on the CDN\s+http:\/\/127\.0\.0\.1:\d+\/cdn\/[0-9a-f]{32}/);
      expect(stdout).toMatch(
        /data_exchange →\s+HTTP 200 .*"file_name":"IMG_0042.jpg","bytes":43,"sha256":"c360ac58b22baa702d3e65b0090ea602e86831d1bfc5eb8d6142e56fb4d871f8"/,
      );
      expect(stdout).toContain("decrypted the photo");
      // A three-line summary, all passed, then the next steps with d360 and the READMEs.
      const summary = stdout.split("\nSummary\n")[1]?.split("\n\n")[0]?.split("\n") ?? [];
      expect(summary).toHaveLength(3);
      for (const line of summary) expect(line).toMatch(/^ {2}✓ /);
      expect(summary[0]).toContain(fingerprints[0]);
      expect(stdout).toMatch(/d360 keygen[^\n]*\n[^\n]*d360 key set[^\n]*\n[^\n]*d360 doctor/);
      expect(stdout).toContain("README.md");
    },
    DEMO_TIMEOUT_MS,
  );
});

/** Asserts the failure shape every error path shares: one line, one hint, no stack trace. */
function expectFriendlyFailure(run: { code: number; stdout: string; stderr: string }) {
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^✗ \S/);
  expect(lines[1]).toMatch(/^ {2}\S/);
  expect(run.stderr + run.stdout).not.toMatch(/\n\s+at |Error:|-----BEGIN/);
}

describe("pnpm demo when something is wrong", () => {
  test(
    "an unknown flag: exit 2, one line naming it and a hint",
    async () => {
      const run = await runDemo(["--uplaod", "x.pem"], {});
      expect(run.code).toBe(2);
      expectFriendlyFailure(run);
      expect(run.stderr).toContain("✗ Unknown option --uplaod.");
    },
    DEMO_TIMEOUT_MS,
  );

  test(
    "offline (nothing listens at D360_BASE_URL): exit 3, names the address",
    async () => {
      const closed = await startMockServer();
      const url = closed.url;
      await closed.close();
      const run = await runDemo([], { D360_API_KEY: "demo-offline-key-1234", D360_BASE_URL: url });
      expect(run.code).toBe(3);
      expectFriendlyFailure(run);
      expect(run.stderr).toContain(`✗ Could not reach ${url}.`);
      expect(run.stderr).toContain("D360_BASE_URL");
    },
    DEMO_TIMEOUT_MS,
  );
});

describe("pnpm demo against a real API (here: a mock standing in for it)", () => {
  const apiKey = "demo-test-real-key-7f3a";
  let api: MockServer;
  let publicKeyFile: string;
  let publicKeyPem: string;

  beforeAll(async () => {
    api = await startMockServer({ apiKeys: [apiKey] });
    ({ publicKeyPem } = await generateKeyPair());
    publicKeyFile = path.join(tmpdir(), `d360-demo-${process.pid}-public.pem`);
    await writeFile(publicKeyFile, publicKeyPem);
  });
  // The key file is per run (named by pid): left behind, one would pile up per `pnpm test`.
  afterAll(async () => {
    await rm(publicKeyFile, { force: true });
    await api.close();
  });

  test(
    "only reads: no upload without --upload, and the API key is never printed",
    async () => {
      const { code, stdout, stderr } = await runDemo([], {
        D360_API_KEY: apiKey,
        D360_BASE_URL: api.url,
      });
      expect(code).toBe(0);
      expect(stdout).toContain("none uploaded");
      expect(api.requests.map((r) => r.method)).toEqual(["GET"]);
      expect(`${stdout}${stderr}`).not.toContain(apiKey);
    },
    DEMO_TIMEOUT_MS,
  );

  test(
    "--upload uploads the given key, then reads it back",
    async () => {
      api.requests.length = 0;
      const { code, stdout } = await runDemo(["--upload", publicKeyFile], {
        D360_API_KEY: apiKey,
        D360_BASE_URL: api.url,
      });
      expect(code).toBe(0);
      expect(api.requests.map((r) => r.method)).toEqual(["POST", "GET"]);
      expect(stdout).toMatch(/signature status\s+VALID/);
      expect(stdout).toContain(await publicKeyFingerprint(publicKeyPem));
      expect(stdout).not.toContain(apiKey);
      expect(stdout).not.toContain("-----BEGIN");
      expect(stdout).toMatch(
        /Summary\n {2}✓ Reached .*\n {2}✓ Uploaded .*\n {2}✓ The number's key is SHA256:\S+, signature status VALID\./,
      );
    },
    DEMO_TIMEOUT_MS,
  );

  test(
    "a wrong API key: exit 3, one line saying 360dialog refused it, and where to fix it",
    async () => {
      const run = await runDemo([], {
        D360_API_KEY: "demo-wrong-key-0a9b8c7d",
        D360_BASE_URL: api.url,
      });
      expect(run.code).toBe(3);
      expectFriendlyFailure(run);
      expect(run.stderr).toContain("✗ 360dialog refused the API key (HTTP 401");
      expect(run.stderr).toContain("Check D360_API_KEY");
      expect(run.stdout + run.stderr).not.toContain("demo-wrong-key-0a9b8c7d");
    },
    DEMO_TIMEOUT_MS,
  );

  test(
    "a missing --upload file: exit 2, names the file, nothing sent",
    async () => {
      api.requests.length = 0;
      const run = await runDemo(["--upload", "no-such-public.pem"], {
        D360_API_KEY: apiKey,
        D360_BASE_URL: api.url,
      });
      expect(run.code).toBe(2);
      expectFriendlyFailure(run);
      expect(run.stderr).toContain(
        "✗ Cannot read the --upload file 'no-such-public.pem': no such file.",
      );
      expect(api.requests).toEqual([]);
    },
    DEMO_TIMEOUT_MS,
  );
});
