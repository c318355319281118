// Key files as people really have them, through `d360 key set`, `d360 doctor --private-key` and
// `d360 key derive`: a JSON-quoted PEM, an env line, a PEM under prose, an OpenSSH id_rsa.pub.
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  API_KEY,
  d360,
  expectNoSecretsInOutput,
  json,
  opensshStyleFingerprint,
  PASSPHRASE,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

let mock: MockServer;
let env: Record<string, string>;
let dir: string;
let publicPem: string;
let encryptedPrivatePem: string;

/** The ways a PEM reaches a file besides a bare .pem. */
function wrappings(pem: string, variable: string): [string, string][] {
  return [
    ["a JSON string", JSON.stringify(pem)],
    ["an env line with \\n escapes", `${variable}=${JSON.stringify(pem)}\n`],
    ["a multi-line env line", `export ${variable}="${pem}"\n`],
    ["prose above and below", `Hi, here is the key you asked for:\n\n${pem}\nThanks!\n`],
  ];
}

beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY] });
  env = { D360_API_KEY: API_KEY, D360_BASE_URL: mock.url, KEY_PASS: PASSPHRASE };
  dir = tempDir();
  expect((await d360(["keygen", "--out", dir, "--passphrase-env", "KEY_PASS"], { env })).code).toBe(
    0,
  );
  publicPem = readFileSync(join(dir, "public.pem"), "utf8");
  encryptedPrivatePem = readFileSync(join(dir, "private.pem"), "utf8");
});

afterAll(async () => {
  await mock?.close();
  expectNoSecretsInOutput();
  removeTempDirs();
});

beforeEach(() => mock.reset());

describe("d360 key set reads the public key however the file wraps it", () => {
  it.each(wrappings("PUBLIC", "FLOWS_PUBLIC_KEY").map(([label]) => [label]))(
    "%s",
    async (label) => {
      const content = wrappings(publicPem, "FLOWS_PUBLIC_KEY").find(([l]) => l === label)?.[1];
      const file = join(dir, "wrapped-public.txt");
      writeFileSync(file, content as string);
      const run = await d360(["key", "set", file, "--json"], { env });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(json(run).fingerprint).toBe(opensshStyleFingerprint(publicPem));
      expect(mock.getBusinessPublicKey(API_KEY)?.trim()).toBe(publicPem.trim());
    },
  );

  it("refuses an OpenSSH id_rsa.pub with the ssh-keygen conversion, sending nothing", async () => {
    const sshDir = tempDir();
    const privatePath = join(sshDir, "id_rsa");
    writeFileSync(
      privatePath,
      execFileSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
    );
    chmodSync(privatePath, 0o600);
    // ssh-keygen, not our code, writes the id_rsa.pub line.
    writeFileSync(
      join(sshDir, "id_rsa.pub"),
      execFileSync("ssh-keygen", ["-y", "-f", privatePath]),
    );
    const run = await d360(["key", "set", join(sshDir, "id_rsa.pub")], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Found an OpenSSH public key");
    expect(run.stderr).toContain("ssh-keygen -e -m PKCS8");
    expect(run.stderr).not.toContain("DER");
    expect(mock.requests).toHaveLength(0);
  });
});

describe("d360 doctor and key derive read the private key however the file wraps it", () => {
  it.each(wrappings("PRIVATE", "FLOWS_PRIVATE_KEY").map(([label]) => [label]))(
    "%s",
    async (label) => {
      const content = wrappings(encryptedPrivatePem, "FLOWS_PRIVATE_KEY").find(
        ([l]) => l === label,
      )?.[1];
      const file = join(dir, "wrapped-private.txt");
      writeFileSync(file, content as string, { mode: 0o600 });
      await d360(["key", "set", join(dir, "public.pem")], { env });
      const doctor = await d360(
        ["doctor", "--private-key", file, "--passphrase-env", "KEY_PASS", "--json"],
        { env },
      );
      expect(doctor.stderr).toBe("");
      expect(doctor.code).toBe(0);
      expect(json(doctor).ok).toBe(true);
      const derive = await d360(
        ["key", "derive", "--private-key", file, "--passphrase-env", "KEY_PASS"],
        { env },
      );
      expect(derive.code).toBe(0);
      expect(derive.stdout).toBe(publicPem);
    },
  );
});
