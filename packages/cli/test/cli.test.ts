import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  BIN,
  d360,
  expectNoSecretsInOutput,
  json,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

const ESC = "\u001b[";
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

let mock: MockServer;
let keys: string;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY] });
  env = { D360_API_KEY: API_KEY, D360_BASE_URL: mock.url };
  keys = tempDir();
  expect((await d360(["keygen", "--out", keys])).code).toBe(0);
});

afterAll(async () => {
  await mock?.close();
  expectNoSecretsInOutput();
  removeTempDirs();
});

describe("the d360 binary", () => {
  it("is executable and starts with a node shebang", () => {
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    expect(readFileSync(BIN, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it("--version prints the package version", async () => {
    const run = await d360(["--version"]);
    expect(run).toMatchObject({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
    expect((await d360(["doctor", "--version"])).stdout).toBe(`${manifest.version}\n`);
  });

  it("--help lists every command, the exit codes and the environment", async () => {
    const run = await d360(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["keygen", "key get", "key set", "doctor", "mock"])
      expect(run.stdout).toContain(`  ${command} `);
    expect(run.stdout).toMatch(/0 +OK/);
    expect(run.stdout).toMatch(/3 +API or network error/);
    expect(run.stdout).toContain("D360_API_KEY");
    expect(run.stdout).toContain("NO_COLOR");
    expect((await d360(["help"])).stdout).toBe(run.stdout);
  });

  it.each([
    [["keygen", "--help"], "d360 keygen [--out DIR]", "--passphrase-env"],
    [["key", "get", "--help"], "d360 key get [--fields LIST]", "--fields"],
    [["key", "set", "-h"], "d360 key set <public.pem | ->", "nothing is sent"],
    [["doctor", "--help"], "d360 doctor --private-key FILE", "--passphrase-env"],
    [["mock", "--help"], "d360 mock [--port N]", "--api-key"],
    [["help", "key", "set"], "d360 key set <public.pem | ->", "--api-key"],
    [["key", "--help"], "d360 key <get|set|derive>", "d360 key derive --private-key FILE"],
  ])("%j prints that command's help and exits 0", async (args, usage, mentions) => {
    const run = await d360(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(usage);
    expect(run.stdout).toContain(mentions);
    expect(run.stderr).toBe("");
  });

  it("lists --api-key and --base-url only in the help of commands that call the API", async () => {
    for (const command of [["key", "get"], ["key", "set"], ["doctor"]])
      expect((await d360([...command, "--help"])).stdout).toContain("--base-url URL");
    expect((await d360(["keygen", "--help"])).stdout).not.toContain("--api-key");
    const mock = (await d360(["mock", "--help"])).stdout;
    expect(mock).toContain("A test key the mock accepts");
    expect(mock).not.toContain("--base-url URL");
  });

  it("explains in the help why a passphrase is never a flag value", async () => {
    for (const command of ["keygen", "doctor"]) {
      const run = await d360([command, "--help"]);
      expect(run.stdout).toContain("shell history");
    }
  });

  it("exits 2 with the help on stderr when no command is given", async () => {
    const run = await d360([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Usage: d360 <command>");
  });

  it("exits 2 for an unknown command, subcommand or flag, saying what to run instead", async () => {
    const command = await d360(["doctr"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("Unknown command 'doctr'");
    expect(command.stderr).toContain("d360 --help");

    const subcommand = await d360(["key", "put"]);
    expect(subcommand.code).toBe(2);
    expect(subcommand.stderr).toContain("Unknown subcommand 'put' of 'd360 key'");

    const group = await d360(["key"]);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain("needs a subcommand");

    const flag = await d360(["keygen", "--outdir", "x"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--outdir'");
    expect(flag.stderr).toContain('Run "d360 keygen --help"');

    // keygen and mock do not call the API, so they do not take its options.
    const notApi = await d360(["keygen", "--base-url", "http://localhost"]);
    expect(notApi.code).toBe(2);
    expect(notApi.stderr).toContain("Unknown option '--base-url' (in 'd360 keygen').");

    const value = await d360(["doctor", "--private-key"]);
    expect(value.code).toBe(2);
    expect(value.stderr).toContain("--private-key");

    const extra = await d360(["key", "get", "surplus"], { env });
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("takes no arguments");
  });

  it("does not echo an API key typed where a command or argument belongs", async () => {
    const asCommand = await d360([API_KEY], { env: { D360_API_KEY: "" } });
    expect(asCommand.code).toBe(2);
    expect(asCommand.stderr).toContain("Unknown command.");
    const asArgument = await d360(["key", "get", API_KEY]);
    expect(asArgument.code).toBe(2);
    // An option name is echoed only when it looks like one; this one is redacted besides.
    const asFlag = await d360(["key", "get", `--${API_KEY}`, "--api-key", API_KEY]);
    expect(asFlag.code).toBe(2);
    expect(asFlag.stderr).toContain("Unknown option (in 'd360 key get')");
    const unregistered = await d360(["key", "get", `--${API_KEY}`], { env: { D360_API_KEY: "" } });
    expect(unregistered.code).toBe(2);
    expect(unregistered.stderr).toContain("Unknown option (in 'd360 key get')");
  });

  it("reports usage errors as JSON on stdout with --json", async () => {
    const run = await d360(["keygen", "--bogus", "--json"]);
    expect(run.code).toBe(2);
    expect(json(run)).toEqual({
      error: {
        type: "usage",
        message: expect.stringContaining("--bogus"),
        hint: expect.any(String),
        exitCode: 2,
      },
    });
  });
});

describe("colour", () => {
  const doctor = () => ["doctor", "--private-key", join(keys, "private.pem")];

  it("is off when output is not a terminal", async () => {
    const run = await d360(doctor(), { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL");
    expect(run.stdout + run.stderr).not.toContain(ESC);
  });

  it("is on with FORCE_COLOR, on stdout and stderr", async () => {
    const run = await d360(doctor(), { env: { ...env, FORCE_COLOR: "1" } });
    expect(run.stdout).toContain(`${ESC}31mFAIL${ESC}39m`);
    const error = await d360(["key", "set", "missing.pem"], { env: { ...env, FORCE_COLOR: "1" } });
    expect(error.stderr).toContain(`${ESC}31merror:${ESC}39m`);
  });

  it("is off with NO_COLOR, even with FORCE_COLOR, and never in --json", async () => {
    const run = await d360(doctor(), { env: { ...env, FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(run.stdout).toContain("FAIL");
    expect(run.stdout + run.stderr).not.toContain("\u001b");
    const asJson = await d360([...doctor(), "--json"], { env: { ...env, FORCE_COLOR: "1" } });
    expect(asJson.stdout + asJson.stderr).not.toContain("\u001b");
    expect(json(asJson).ok).toBe(false);
  });
});
