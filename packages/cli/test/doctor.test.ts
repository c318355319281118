import { readFileSync } from "node:fs";
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
  opensshStyleFingerprint,
  PASSPHRASE,
  removeTempDirs,
  tempDir,
  WRONG_API_KEY,
} from "./helpers.js";

interface Check {
  id: string;
  status: string;
  message: string;
  action?: string;
}

let mock: MockServer;
let fixtures: Fixtures;
let keys: string;
let encrypted: string;
let env: Record<string, string>;
let publicPem: string;

beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY] });
  env = { D360_API_KEY: API_KEY, D360_BASE_URL: mock.url };
  fixtures = makeFixtures();
  keys = tempDir();
  encrypted = tempDir();
  const [plain, withPassphrase] = await Promise.all([
    d360(["keygen", "--out", keys]),
    d360(["keygen", "--out", encrypted, "--passphrase-env", "P"], { env: { P: PASSPHRASE } }),
  ]);
  expect([plain.code, withPassphrase.code]).toEqual([0, 0]);
  publicPem = readFileSync(join(keys, "public.pem"), "utf8");
});

afterAll(async () => {
  await mock?.close();
  expectNoSecretsInOutput();
  removeTempDirs();
});

beforeEach(() => mock.reset());

const privateKey = () => join(keys, "private.pem");
const byId = (checks: Check[]) => Object.fromEntries(checks.map((check) => [check.id, check]));

describe("d360 doctor", () => {
  it("exits 0 when the uploaded key is VALID and matches the private key", async () => {
    mock.setBusinessPublicKey(API_KEY, publicPem);
    const run = await d360(["doctor", "--private-key", privateKey(), "--json"], { env });
    expect(run.code).toBe(0);
    const result = json<{ ok: boolean; checks: Check[]; privateKey: unknown; uploaded: unknown }>(
      run,
    );
    expect(result.ok).toBe(true);
    expect(result.checks.map((check) => [check.id, check.status])).toEqual([
      ["uploaded", "pass"],
      ["signature", "pass"],
      ["fingerprint", "pass"],
    ]);
    expect(result.checks.every((check) => check.action === undefined)).toBe(true);
    const fingerprint = opensshStyleFingerprint(publicPem);
    expect(result.privateKey).toEqual({ path: privateKey(), fingerprint, modulusBits: 2048 });
    expect(result.uploaded).toMatchObject({ uploaded: true, status: "VALID", fingerprint });

    const text = await d360(["doctor", "--private-key", privateKey()], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("All good");
    expect(text.stdout).not.toContain("FAIL");
  });

  it("exits 1 when nothing is uploaded, naming the public.pem beside the private key", async () => {
    const run = await d360(["doctor", "--private-key", privateKey(), "--json"], { env });
    expect(run.code).toBe(1);
    const result = json<{ ok: boolean; checks: Check[] }>(run);
    expect(result.ok).toBe(false);
    const checks = byId(result.checks);
    expect(checks.uploaded).toMatchObject({ status: "fail" });
    expect(checks.uploaded?.action).toContain(`d360 key set ${join(keys, "public.pem")}`);
    expect(checks.signature?.status).toBe("skip");
    expect(checks.fingerprint?.status).toBe("skip");

    const text = await d360(["doctor", "--private-key", privateKey()], { env });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL {2}No business public key is uploaded/);
    expect(text.stdout).toContain("Fix: Upload the public half of this private key");
  });

  it("exits 1 on MISMATCH, with re-uploading as the fix", async () => {
    mock.setBusinessPublicKey(API_KEY, publicPem, { signatureStatus: "MISMATCH" });
    const run = await d360(["doctor", "--private-key", privateKey(), "--json"], { env });
    expect(run.code).toBe(1);
    const checks = byId(json<{ checks: Check[] }>(run).checks);
    expect(checks.uploaded?.status).toBe("pass");
    expect(checks.fingerprint?.status).toBe("pass");
    expect(checks.signature).toMatchObject({
      status: "fail",
      message: expect.stringContaining("MISMATCH"),
    });
    expect(checks.signature?.action).toContain("re-registering the number");
    expect(checks.signature?.action).toContain("d360 key set");
  });

  it("exits 1 when the uploaded key is not the public half of the private key", async () => {
    mock.setBusinessPublicKey(API_KEY, readFileSync(fixtures.otherPublic, "utf8"));
    const run = await d360(["doctor", "--private-key", privateKey(), "--json"], { env });
    expect(run.code).toBe(1);
    const checks = byId(json<{ checks: Check[] }>(run).checks);
    expect(checks.signature?.status).toBe("pass");
    expect(checks.fingerprint).toMatchObject({ status: "fail" });
    expect(checks.fingerprint?.message).toContain(
      opensshStyleFingerprint(readFileSync(fixtures.otherPublic, "utf8")),
    );
    expect(checks.fingerprint?.action).toContain(`d360 key set ${join(keys, "public.pem")}`);
  });

  it("uses a placeholder in the fix when no matching public.pem lies beside the private key", async () => {
    const run = await d360(["doctor", "--private-key", fixtures.otherPrivate, "--json"], { env });
    expect(run.code).toBe(1);
    expect(byId(json<{ checks: Check[] }>(run).checks).uploaded?.action).toContain(
      "d360 key set PUBLIC_KEY.pem",
    );
  });

  it("reads an encrypted private key with --passphrase-env, and exits 2 without it or with a wrong one", async () => {
    mock.setBusinessPublicKey(API_KEY, readFileSync(join(encrypted, "public.pem"), "utf8"));
    const file = join(encrypted, "private.pem");
    const ok = await d360(["doctor", "--private-key", file, "--passphrase-env", "P"], {
      env: { ...env, P: PASSPHRASE },
    });
    expect(ok.code).toBe(0);

    const missing = await d360(["doctor", "--private-key", file, "--json"], { env });
    expect(missing.code).toBe(2);
    expect(json(missing)).toMatchObject({
      error: { type: "key_format", code: "PASSPHRASE_REQUIRED" },
    });
    expect(missing.stderr).toContain("--passphrase-env");

    const wrong = await d360(["doctor", "--private-key", file, "--passphrase-env", "P", "--json"], {
      env: { ...env, P: `${PASSPHRASE}-wrong` },
    });
    expect(wrong.code).toBe(2);
    expect(json(wrong)).toMatchObject({ error: { type: "key_format", code: "BAD_PASSPHRASE" } });
    expect(wrong.stdout + wrong.stderr).not.toContain(`${PASSPHRASE}-wrong`);
  });

  it("exits 2 without --private-key, with an unreadable one, or with a public key in its place", async () => {
    const without = await d360(["doctor"], { env });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("needs --private-key");
    const unreadable = await d360(["doctor", "--private-key", join(keys, "nope.pem")], { env });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain("no such file");
    const publicInstead = await d360(
      ["doctor", "--private-key", join(keys, "public.pem"), "--json"],
      { env },
    );
    expect(publicInstead.code).toBe(2);
    expect(json(publicInstead)).toMatchObject({ error: { type: "key_format" } });
    expect(mock.requests).toEqual([]);
  });

  it("exits 3 when the API refuses the API key", async () => {
    const run = await d360(["doctor", "--private-key", privateKey(), "--json"], {
      env: { ...env, D360_API_KEY: WRONG_API_KEY },
    });
    expect(run.code).toBe(3);
    expect(json(run)).toMatchObject({ error: { type: "api", status: 401 } });
  });
});
