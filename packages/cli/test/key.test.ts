import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  API_KEY,
  d360,
  expectNoSecretsInOutput,
  type Fixtures,
  json,
  makeFixtures,
  OTHER_API_KEY,
  opensshStyleFingerprint,
  removeTempDirs,
  tempDir,
  WRONG_API_KEY,
} from "./helpers.js";

let mock: MockServer;
let fixtures: Fixtures;
let keys: string;
let env: Record<string, string>;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY, OTHER_API_KEY] });
  env = { D360_API_KEY: API_KEY, D360_BASE_URL: mock.url };
  fixtures = makeFixtures();
  keys = tempDir();
  expect((await d360(["keygen", "--out", keys])).code).toBe(0);
});

afterAll(async () => {
  await mock?.close();
  expectNoSecretsInOutput();
  removeTempDirs();
});

beforeEach(() => mock.reset());

const posts = () => mock.requests.filter((request) => request.method === "POST");

describe("d360 key set", () => {
  it("uploads a valid public key and prints its fingerprint", async () => {
    const publicPem = readFileSync(join(keys, "public.pem"), "utf8");
    const run = await d360(["key", "set", join(keys, "public.pem")], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(opensshStyleFingerprint(publicPem));
    expect(run.stdout).toContain(`d360 doctor --private-key ${join(keys, "private.pem")}`);
    expect(posts()).toHaveLength(1);
    expect(mock.getBusinessPublicKey(API_KEY)?.trim()).toBe(publicPem.trim());
    expect(mock.getBusinessPublicKey(OTHER_API_KEY)).toBeUndefined();
  });

  it("reads the key from stdin with '-' and prints JSON with --json", async () => {
    const publicPem = readFileSync(fixtures.otherPublic, "utf8");
    const run = await d360(
      ["key", "set", "-", "--json", "--api-key", OTHER_API_KEY, "--base-url", mock.url],
      {
        input: publicPem,
      },
    );
    expect(run.code).toBe(0);
    expect(json(run)).toEqual({
      uploaded: true,
      fingerprint: opensshStyleFingerprint(publicPem),
      modulusBits: 2048,
    });
    expect(mock.getBusinessPublicKey(OTHER_API_KEY)?.trim()).toBe(publicPem.trim());
  });

  it("uploads a PKCS#1 public key in its SPKI form", async () => {
    const spki = readFileSync(fixtures.otherPublic, "utf8");
    const pkcs1 = createPublicKey(spki).export({ type: "pkcs1", format: "pem" }).toString();
    expect(pkcs1).toContain("-----BEGIN RSA PUBLIC KEY-----");
    const run = await d360(["key", "set", "-"], { env, input: pkcs1 });
    expect(run.code).toBe(0);
    expect(mock.getBusinessPublicKey(API_KEY)?.trim()).toBe(spki.trim());
  });

  it.each([
    ["a private key", () => join(keys, "private.pem"), "PRIVATE_KEY"],
    ["a certificate", () => fixtures.certificate, "CERTIFICATE"],
    ["an EC key", () => fixtures.ecPublic, "NOT_RSA"],
    ["a 1024-bit key", () => fixtures.smallPublic, "KEY_TOO_SMALL"],
  ])("refuses %s with exit 2 and sends nothing", async (_, file, code) => {
    const run = await d360(["key", "set", file()], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: /);
    expect(mock.requests).toEqual([]);

    const asJson = await d360(["key", "set", file(), "--json"], { env });
    expect(asJson.code).toBe(2);
    expect(json(asJson)).toMatchObject({ error: { type: "key_format", code, exitCode: 2 } });
    expect(mock.requests).toEqual([]);
  });

  it("never echoes a private key it refuses", async () => {
    const privatePem = readFileSync(join(keys, "private.pem"), "utf8");
    const body = privatePem.split("\n")[1] as string;
    const run = await d360(["key", "set", "-", "--json"], { env, input: privatePem });
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(body);
  });

  it("refuses a missing file, empty stdin and a missing argument with exit 2", async () => {
    const missing = await d360(["key", "set", "no-such.pem"], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read the public key file 'no-such.pem': no such file");
    const empty = await d360(["key", "set", "-"], { env, input: "" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("Nothing was read from stdin");
    const none = await d360(["key", "set"], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("takes <public.pem | ->");
    // A device given as the path is read with the same bound as stdin, not until memory runs out.
    const endless = await d360(["key", "set", "/dev/zero"], { env });
    expect(endless.code).toBe(2);
    expect(endless.stderr).toContain("More than 1048576 bytes in '/dev/zero'");
    expect(mock.requests).toEqual([]);
  });

  it("refuses a malformed --base-url as a usage error (exit 2), not a crash", async () => {
    const run = await d360(["key", "set", join(keys, "public.pem"), "--base-url", "http://a b"], {
      env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("The base URL must be an absolute http(s) URL");
    expect(mock.requests).toEqual([]);
  });

  it("needs an API key (exit 2), and reports a refused one as an API error (exit 3)", async () => {
    const file = join(keys, "public.pem");
    const noKey = await d360(["key", "set", file], { env: { D360_BASE_URL: mock.url } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("D360_API_KEY");
    expect(mock.requests).toEqual([]);

    const wrong = await d360(["key", "set", file, "--json"], {
      env: { ...env, D360_API_KEY: WRONG_API_KEY },
    });
    expect(wrong.code).toBe(3);
    expect(json(wrong)).toMatchObject({ error: { type: "api", status: 401, exitCode: 3 } });
    expect(wrong.stderr).toContain("401");
    expect(mock.getBusinessPublicKey(API_KEY)).toBeUndefined();
  });
});

describe("d360 key get", () => {
  it("shows the uploaded key's fingerprint, status and PEM", async () => {
    const publicPem = readFileSync(join(keys, "public.pem"), "utf8");
    mock.setBusinessPublicKey(API_KEY, publicPem);
    const run = await d360(["key", "get"], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Fingerprint: ${opensshStyleFingerprint(publicPem)}`);
    expect(run.stdout).toContain("Status:      VALID");
    expect(run.stdout).toContain(publicPem.trim());

    const asJson = await d360(["key", "get", "--json"], { env });
    expect(asJson.code).toBe(0);
    expect(json(asJson)).toEqual({
      uploaded: true,
      status: "VALID",
      fingerprint: opensshStyleFingerprint(publicPem),
      modulusBits: 2048,
      publicKeyPem: expect.stringContaining("-----BEGIN PUBLIC KEY-----"),
    });
  });

  it("reports MISMATCH, and asks only for the fields given with --fields", async () => {
    mock.setBusinessPublicKey(API_KEY, readFileSync(join(keys, "public.pem"), "utf8"), {
      signatureStatus: "MISMATCH",
    });
    const run = await d360(
      ["key", "get", "--fields", "business_public_key_signature_status", "--json"],
      { env },
    );
    expect(run.code).toBe(0);
    expect(json(run)).toEqual({
      uploaded: true,
      status: "MISMATCH",
      fingerprint: null,
      modulusBits: null,
      publicKeyPem: null,
    });
    expect(mock.requests.at(-1)?.query).toEqual({ fields: "business_public_key_signature_status" });
    const text = await d360(["key", "get"], { env });
    expect(text.stdout).toContain("Status:      MISMATCH");
    expect(text.stderr).toContain("d360 key set");
  });

  it("exits 1 when no key is uploaded", async () => {
    const run = await d360(["key", "get", "--json"], { env });
    expect(run.code).toBe(1);
    expect(json(run)).toEqual({
      uploaded: false,
      status: null,
      fingerprint: null,
      modulusBits: null,
      publicKeyPem: null,
    });
    const text = await d360(["key", "get"], { env });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("No business public key is uploaded");
  });

  it("refuses unknown --fields with exit 2 before calling the API", async () => {
    const run = await d360(["key", "get", "--fields", "business_public_key,colour"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown field: colour");
    expect(mock.requests).toEqual([]);
  });

  it("exits 3 for a wrong API key and for an unreachable API", async () => {
    const wrong = await d360(["key", "get", "--api-key", WRONG_API_KEY], {
      env: { D360_BASE_URL: mock.url },
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain("401");
    expect(wrong.stderr).toContain("API key was refused");

    const port = await closedPort();
    const unreachable = await d360(
      ["key", "get", "--json", "--base-url", `http://127.0.0.1:${port}`],
      { env },
    );
    expect(unreachable.code).toBe(3);
    expect(json(unreachable)).toMatchObject({ error: { type: "network", exitCode: 3 } });
  });

  it("reports the client's refusal of a base URL or API key as a usage error (exit 2), without the key", async () => {
    const url = await d360(["key", "get", "--base-url", "ftp://example.com"], { env });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain("The base URL must be an absolute http(s) URL");
    expect(url.stderr).toContain("--base-url or D360_BASE_URL");
    expect(url.stderr).toContain("(got 'ftp://example.com')");

    // A query or fragment may hold a token: refused without being echoed.
    for (const base of [
      `${mock.url}/?token=base-url-token-4711`,
      `${mock.url}/#base-url-token-4711`,
    ]) {
      const query = await d360(["key", "get"], { env: { ...env, D360_BASE_URL: base } });
      expect(query.code, base).toBe(2);
      expect(query.stderr).toContain("The base URL must be an absolute http(s) URL");
      expect(query.stderr).not.toContain("base-url-token-4711");
    }

    const key = await d360(["key", "get", "--json"], {
      env: { ...env, D360_API_KEY: `${API_KEY}\n` },
    });
    expect(key.code).toBe(2);
    expect(json(key)).toMatchObject({
      error: { type: "usage", message: expect.stringMatching(/^The API key /) },
    });
    expect(mock.requests).toEqual([]);
  });
});
