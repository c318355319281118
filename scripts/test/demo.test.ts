// `pnpm demo` is the README's first command: run it as a user would (a child process on the built
// packages) and check the story it tells, and that the real-API mode never uploads unasked.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { generateKeyPair, publicKeyFingerprint } from "@d360-messaging/keys";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Each run is a child process that starts servers and makes RSA keys: give it room on a busy machine.
const DEMO_TIMEOUT_MS = 60_000;

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
      expect(stdout).toContain("-----BEGIN PUBLIC KEY-----");
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
      expect(stdout.trimEnd().split("\n").at(-1)).toContain("decrypted the photo");
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
  afterAll(() => api.close());

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
    },
    DEMO_TIMEOUT_MS,
  );
});
