// The next step d360 suggests is a command that works when pasted: it names only files that
// exist (or a placeholder in capitals), keeps --env-file, quotes for the shell, and never
// suggests `key derive` for a key that `key derive` refuses. Suggestions are run through sh here.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  API_KEY,
  BIN,
  d360,
  expectNoSecretsInOutput,
  json,
  PASSPHRASE,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

let mock: MockServer;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY] });
  env = { D360_API_KEY: API_KEY, D360_BASE_URL: mock.url };
});

afterAll(async () => {
  await mock?.close();
  expectNoSecretsInOutput();
  removeTempDirs();
});

beforeEach(() => mock.reset());

/** Runs a suggested command line in sh, with `d360` as the built binary. */
async function runSuggestion(line: string, options: { cwd: string; env: Record<string, string> }) {
  const script = `d360() { "${process.execPath}" "${BIN}" "$@"; }\n${line}`;
  return promisify(execFile)("sh", ["-c", script], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
}

/** The command after "label:" in a line of output. */
function suggested(text: string, label: string): string {
  const line = text.split("\n").find((candidate) => candidate.includes(label)) ?? "";
  return line
    .slice(line.indexOf(label) + label.length)
    .replace(/\s{3}\(.*$/, "")
    .trim();
}

function writeKey(dir: string, name: string, pem: string): string {
  const path = join(dir, name);
  writeFileSync(path, pem);
  return path;
}

describe("key set given a private key", () => {
  it("suggests the key derive pipe for an RSA key, and the pipe uploads its public half", async () => {
    const dir = tempDir();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeKey(
      dir,
      "endpoint key.pem",
      privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    );
    const run = await d360(["key", "set", "endpoint key.pem", "--json"], { env, cwd: dir });
    expect(run.code).toBe(2);
    const { error } = json<{ error: { code: string; hint: string } }>(run);
    expect(error.code).toBe("PRIVATE_KEY");
    expect(error.hint).toBe(
      "Upload its public half instead: d360 key derive --private-key 'endpoint key.pem' | d360 key set -",
    );
    const line = error.hint.slice(error.hint.indexOf("d360 "));
    await runSuggestion(line, { cwd: dir, env });
    expect(mock.requests.filter((request) => request.method === "POST")).toHaveLength(1);
  });

  it("names --passphrase-env for an encrypted key", async () => {
    const dir = tempDir();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: PASSPHRASE,
    }) as string;
    writeKey(dir, "private.pem", pem);
    const run = await d360(["key", "set", "private.pem"], { env, cwd: dir });
    expect(run.code).toBe(2);
    const line = suggested(run.stderr, "instead:").replace(/ \(export .*$/, "");
    expect(line).toBe(
      "d360 key derive --private-key private.pem --passphrase-env D360_KEY_PASSPHRASE | d360 key set -",
    );
    await runSuggestion(line, { cwd: dir, env: { ...env, D360_KEY_PASSPHRASE: PASSPHRASE } });
    expect(mock.requests.filter((request) => request.method === "POST")).toHaveLength(1);
  });

  it("does not suggest key derive for a key it refuses (EC, too small)", async () => {
    const dir = tempDir();
    const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    for (const [name, key] of [
      ["ec.pem", ec],
      ["small.pem", small],
    ] as const) {
      writeKey(dir, name, key.export({ type: "pkcs8", format: "pem" }) as string);
      const run = await d360(["key", "set", name, "--json"], { env, cwd: dir });
      expect(run.code, name).toBe(2);
      const { error } = json<{ error: { code: string; hint: string } }>(run);
      expect(error.code).toBe("PRIVATE_KEY");
      expect(error.hint, name).not.toContain("key derive");
      expect(error.hint).toContain("d360 keygen");
      // What the hint would have suggested is indeed refused.
      expect((await d360(["key", "derive", "--private-key", name], { cwd: dir })).code).toBe(2);
    }
    expect(mock.requests).toHaveLength(0);
  });
});

describe("suggested commands name files that exist and keep --env-file", () => {
  it("key set: doctor with private.pem only when it is there, with --env-file", async () => {
    const dir = tempDir();
    const envFile = join(dir, "d360 env");
    writeFileSync(envFile, `D360_API_KEY=${API_KEY}\nD360_BASE_URL=${mock.url}\n`);
    expect((await d360(["keygen", "--out", "keys"], { cwd: dir })).code).toBe(0);

    const beside = await d360(["key", "set", "keys/public.pem", "--env-file", envFile], {
      cwd: dir,
    });
    expect(beside.code).toBe(0);
    const doctor = suggested(beside.stdout, "private key:");
    expect(doctor).toBe(`d360 doctor --private-key keys/private.pem --env-file '${envFile}'`);
    // Pasted as suggested, without the variables in the environment: the env file supplies them.
    await runSuggestion(doctor, { cwd: dir, env: {} });

    mkdirSync(join(dir, "alone"));
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeKey(
      join(dir, "alone"),
      "public.pem",
      publicKey.export({ type: "spki", format: "pem" }) as string,
    );
    const alone = await d360(["key", "set", "alone/public.pem"], { env, cwd: dir });
    expect(alone.code).toBe(0);
    expect(alone.stdout).not.toContain("alone/private.pem");
    expect(alone.stdout).toContain("d360 doctor --private-key PRIVATE_KEY.pem");
  });

  it("key set: doctor with --passphrase-env when private.pem beside the key is encrypted", async () => {
    const dir = tempDir();
    const passEnv = { ...env, D360_KEY_PASSPHRASE: PASSPHRASE };
    expect(
      (
        await d360(["keygen", "--out", "keys", "--passphrase-env", "D360_KEY_PASSPHRASE"], {
          cwd: dir,
          env: passEnv,
        })
      ).code,
    ).toBe(0);
    const run = await d360(["key", "set", "keys/public.pem"], { env, cwd: dir });
    expect(run.code).toBe(0);
    const doctor = suggested(run.stdout, "private key:");
    expect(doctor).toBe(
      "d360 doctor --private-key keys/private.pem --passphrase-env D360_KEY_PASSPHRASE",
    );
    await runSuggestion(doctor, { cwd: dir, env: passEnv });
  });

  it("key get with nothing uploaded: the upload command keeps --env-file", async () => {
    const dir = tempDir();
    const envFile = join(dir, "api.env");
    writeFileSync(envFile, `D360_API_KEY=${API_KEY}\nD360_BASE_URL=${mock.url}\n`);
    const run = await d360(["key", "get", "--env-file", envFile], { cwd: dir });
    expect(run.code).toBe(1);
    expect(suggested(run.stderr, "Upload one:")).toBe(
      `d360 key set PUBLIC_KEY.pem --env-file ${envFile}`,
    );
  });

  it("keygen: the upload command quotes a directory with a space and keeps --env-file", async () => {
    const dir = tempDir();
    const envFile = join(dir, "api.env");
    writeFileSync(envFile, `D360_API_KEY=${API_KEY}\nD360_BASE_URL=${mock.url}\n`);
    const run = await d360(["keygen", "--out", "my keys", "--env-file", envFile], { cwd: dir });
    expect(run.code).toBe(0);
    const upload = suggested(run.stdout, "upload the public key:");
    expect(upload).toBe(`d360 key set 'my keys/public.pem' --env-file ${envFile}`);
    await runSuggestion(upload, { cwd: dir, env: {} });
    expect(mock.requests.filter((request) => request.method === "POST")).toHaveLength(1);
  });
});
