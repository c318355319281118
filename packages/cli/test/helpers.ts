import { execFileSync, spawn } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** The built binary: the tests run what users run. `pnpm test` builds first (turbo). */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
if (!existsSync(BIN))
  throw new Error(
    "dist/bin.js is missing: build first with `pnpm turbo run build --filter=@d360-messaging/cli...` (pnpm test does).",
  );

// Long and distinctive, so that finding them in output cannot be a coincidence.
export const API_KEY = "d360-test-api-key-7f3c9a1e5b2d4c6f";
export const OTHER_API_KEY = "d360-second-channel-key-a1b2c3d4e5";
export const WRONG_API_KEY = "d360-wrong-api-key-0e9d8c7b6a5f";
export const PASSPHRASE = "passphrase-never-printed-91b2c3d4";
/** Every value that must never appear in anything d360 writes. */
export const SECRETS = [API_KEY, OTHER_API_KEY, WRONG_API_KEY, PASSPHRASE];

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Everything the binary wrote in this test file, for the secret scan in {@link expectNoSecretsInOutput}. */
const captured: Run[] = [];

export interface RunOptions {
  env?: Record<string, string>;
  /** Written to stdin, then stdin is closed. */
  input?: string;
  cwd?: string;
}

/** Runs `node dist/bin.js …` with a clean environment (nothing from the developer's shell leaks in). */
export function d360(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? tmpdir(),
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const run = { code, signal, stdout, stderr };
      captured.push(run);
      resolve(run);
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Records output produced outside {@link d360} (a spawned `d360 mock`) for the secret scan. */
export function capture(run: Run): void {
  captured.push(run);
}

/**
 * Wording of the packages' APIs that must not reach an operator: d360 speaks in flags and
 * environment variables, not in function calls and option objects.
 */
const LIBRARY_WORDING =
  /\b[a-z][A-Za-z]+\(\)|\{ passphrase \}|importPrivateKey|derivePublicKey|generateKeyPair|createD360Client|apiKey option|baseUrl|totalTimeout/;

/**
 * The suite's promise: no API key and no passphrase in any stdout or stderr, JSON or not, and
 * no library wording in any of it.
 */
export function expectNoSecretsInOutput(): void {
  expect(captured.length).toBeGreaterThan(0);
  for (const run of captured) {
    for (const secret of SECRETS) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    expect(run.stderr).not.toMatch(LIBRARY_WORDING);
    expect(run.stdout).not.toMatch(LIBRARY_WORDING);
  }
}

const tempDirs: string[] = [];

/** A fresh directory, removed by {@link removeTempDirs} (they hold private keys). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "d360-cli-test-"));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Keys d360 must refuse or tell apart, made by node:crypto and openssl rather than by our packages. */
export interface Fixtures {
  dir: string;
  /** A 2048-bit RSA pair unrelated to any d360 keygen output. */
  otherPublic: string;
  otherPrivate: string;
  ecPublic: string;
  smallPublic: string;
  certificate: string;
}

export function makeFixtures(): Fixtures {
  const dir = tempDir();
  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const certificate = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=t", "-days", "1"].concat([
      "-keyout",
      join(dir, "cert-key.pem"),
      "-out",
      certificate,
    ]),
    { stdio: "ignore" },
  );
  return {
    dir,
    otherPublic: write(
      "other-public.pem",
      other.publicKey.export({ type: "spki", format: "pem" }).toString(),
    ),
    otherPrivate: write(
      "other-private.pem",
      other.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    ),
    ecPublic: write(
      "ec-public.pem",
      ec.publicKey.export({ type: "spki", format: "pem" }).toString(),
    ),
    smallPublic: write(
      "small-public.pem",
      small.publicKey.export({ type: "spki", format: "pem" }).toString(),
    ),
    certificate,
  };
}

/** Parses stdout as the one JSON document `--json` promises. */
export function json<T = Record<string, unknown>>(run: Run): T {
  return JSON.parse(run.stdout) as T;
}

/** The fingerprint as node:crypto computes it, independently of @d360-messaging/keys. */
export function opensshStyleFingerprint(publicPem: string): string {
  const der = createPublicKey(publicPem).export({ type: "spki", format: "der" });
  return `SHA256:${createHash("sha256").update(der).digest("base64").replace(/=+$/, "")}`;
}
