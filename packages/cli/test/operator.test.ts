// The paths an operator hits that are not about keys: a closed pipe, hostile server text,
// --env-file, --version --json, typos, and help generated from the option definitions.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../src/commands/index.js";
import { main } from "../src/main.js";
import { apiOptions, commonOptions } from "../src/options.js";
import {
  API_KEY,
  BIN,
  capture,
  d360,
  expectNoSecretsInOutput,
  json,
  PASSPHRASE,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

const ESC = "\u001b";
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

let mock: MockServer;
let env: Record<string, string>;
let keys: string;

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

describe("a closed stdout (d360 key get | head -0)", () => {
  it("exits quietly with the command's own exit code, no stack trace", async () => {
    await d360(["key", "set", join(keys, "public.pem")], { env });
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, "key", "get"], {
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      // The reader goes away before d360 has written anything: every write meets EPIPE.
      child.stdout.destroy();
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stderr }));
    });
    capture({ code: run.code, signal: null, stdout: "", stderr: run.stderr });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});

describe("text from the server", () => {
  let hostile: Server;
  let url: string;

  beforeAll(async () => {
    const publicPem = readFileSync(join(keys, "public.pem"), "utf8");
    hostile = createServer((request, response) => {
      response.setHeader("content-type", "application/json");
      if (request.method === "POST") {
        response.statusCode = 400;
        response.end(
          JSON.stringify({ error: `bad ${ESC}[31mred${ESC}[0m key \u009b2J \u202egnp.` }),
        );
        return;
      }
      response.end(
        JSON.stringify({
          data: [
            {
              // Text around the PEM block, a line of its own among it, that parsing ignores.
              business_public_key: `${ESC}]0;pwned\u0007${publicPem}error: this key was revoked\n${ESC}[2J`,
              business_public_key_signature_status: `VALID${ESC}[2J\r`,
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => hostile.close(resolve)));

  it("is printed with control characters escaped, never as terminal escape sequences", async () => {
    const hostileEnv = { D360_API_KEY: API_KEY, D360_BASE_URL: url };
    const get = await d360(["key", "get"], { env: hostileEnv });
    expect(get.code).toBe(0);
    expect(get.stdout + get.stderr).not.toContain(ESC);
    expect(get.stdout).not.toContain("\r");
    expect(get.stdout).toContain("VALID\\x1b[2J\\r");
    // The key is printed as the PEM it parses to, without the text the server put around it.
    const publicPem = readFileSync(join(keys, "public.pem"), "utf8");
    expect(get.stdout.endsWith(`\n\n${publicPem}`)).toBe(true);
    expect(get.stdout).not.toContain("pwned");
    expect(get.stdout).not.toMatch(/^error:/m);

    const set = await d360(["key", "set", join(keys, "public.pem")], { env: hostileEnv });
    expect(set.code).toBe(3);
    expect(set.stderr).not.toContain(ESC);
    expect(set.stderr).not.toContain("\u009b");
    expect(set.stderr).not.toContain("\u202e");
    expect(set.stderr).toContain("bad \\x1b[31mred\\x1b[0m key \\x9b2J \\u202egnp.");

    const doctor = await d360(["doctor", "--private-key", join(keys, "private.pem")], {
      env: hostileEnv,
    });
    expect(doctor.stdout + doctor.stderr).not.toContain(ESC);
  });

  it("in --json stays the same data, with C1 controls and bidi overrides escaped too", async () => {
    const run = await d360(["key", "get", "--json"], {
      env: { D360_API_KEY: API_KEY, D360_BASE_URL: url },
    });
    expect(run.stdout).not.toContain(ESC);
    expect(json(run).status).toBe(`VALID${ESC}[2J\r`);
    const set = await d360(["key", "set", join(keys, "public.pem"), "--json"], {
      env: { D360_API_KEY: API_KEY, D360_BASE_URL: url },
    });
    expect(set.stdout).not.toMatch(/[\u009b\u202e]/);
    expect(json<{ error: { message: string } }>(set).error.message).toContain(
      "\u009b2J \u202egnp.",
    );
  });
});

describe("--env-file FILE", () => {
  it("supplies D360_API_KEY and D360_BASE_URL, read by Node's .env parser; the key is never printed", async () => {
    const dir = tempDir();
    const file = join(dir, "d360.env");
    writeFileSync(
      file,
      `# the channel's key\nexport D360_API_KEY="${API_KEY}"\nD360_BASE_URL=${mock.url} # the mock\n`,
    );
    await d360(["key", "set", join(keys, "public.pem")], { env });
    const run = await d360(["key", "get", "--env-file", file, "--json"]);
    expect(run.code).toBe(0);
    // Without the file there would be no API key at all; with it, the key set above is found.
    expect(json(run).uploaded).toBe(true);
  });

  it("lets variables already in the environment win, as node --env-file does", async () => {
    const dir = tempDir();
    const file = join(dir, ".env");
    // The file's key is one the mock refuses (401, exit 3): the environment's must be used.
    writeFileSync(file, "D360_API_KEY=d360-key-from-file-0000000000\n");
    await d360(["key", "set", join(keys, "public.pem")], { env });
    const run = await d360(["key", "get", "--env-file", file, "--json"], { env });
    expect(run.code).toBe(0);
    expect(json(run).uploaded).toBe(true);
  });

  it("supplies the passphrase variable named by --passphrase-env, never printed", async () => {
    const dir = tempDir();
    const file = join(dir, ".env");
    writeFileSync(file, `KEY_PASS='${PASSPHRASE}'\n`);
    const run = await d360([
      "keygen",
      "--out",
      dir,
      "--passphrase-env",
      "KEY_PASS",
      "--env-file",
      file,
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(json(run).encrypted).toBe(true);
  });

  // In-process: Node itself (20 to at least 26) scans a script's arguments for --env-file and
  // exits 9 with "node: FILE: not found" before d360 runs when the file is missing
  // (nodejs/node#54232); an existing file it leaves to the script.
  it("exits 2 naming the file when it is missing", async () => {
    let stderr = "";
    const code = await main(["key", "get", "--env-file", "missing.env"], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      env,
      cwd: tempDir(),
    });
    expect(code).toBe(2);
    expect(stderr).toContain("Cannot read the env file 'missing.env': no such file.");
  });
});

describe("--version --json", () => {
  it("prints the name and version as JSON", async () => {
    const run = await d360(["--version", "--json"]);
    expect(run.code).toBe(0);
    expect(json(run)).toEqual({ name: "@d360-messaging/cli", version: manifest.version });
  });
});

describe("typos", () => {
  it.each([
    [["doctr"], "Did you mean 'd360 doctor'?"],
    [["kegen"], "Did you mean 'd360 keygen'?"],
    [["derive"], "Did you mean 'd360 key derive'?"],
    [["key", "gte"], "Did you mean 'd360 key get'?"],
    [["key", "derve"], "Did you mean 'd360 key derive'?"],
    [["keygen", "--froce"], "Did you mean --force?"],
    [["doctor", "--private-kye", "x"], "Did you mean --private-key?"],
  ])("%j → %s", async (args, suggestion) => {
    const run = await d360(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(suggestion);
  });

  it("suggests nothing for a word far from every command", async () => {
    const run = await d360(["frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("Did you mean");
  });
});

describe("help is generated from the option definitions the parser uses", () => {
  it("lists every option of every command, with its value name and description", async () => {
    for (const command of commands) {
      const run = await d360([...command.path, "--help"]);
      expect(run.code).toBe(0);
      const all = {
        ...command.options,
        ...commonOptions,
        ...(command.callsApi ? apiOptions : {}),
      };
      for (const [name, spec] of Object.entries(all)) {
        const label = `--${name}${spec.type === "string" ? ` ${spec.value}` : ""}`;
        expect(run.stdout, `${command.path.join(" ")}: ${label}`).toContain(label);
        // The description's first words, as wrapped into the help.
        const words = (spec.description.split(/\s+/).slice(0, 3) as string[]).join(" ");
        expect(run.stdout.replace(/\s+/g, " ")).toContain(words);
      }
      // And every option the help names is one the parser accepts.
      for (const [, flag] of run.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)) {
        const name = (flag as string).slice(2);
        expect(Object.keys(all), `${command.path.join(" ")} help names ${flag}`).toContain(name);
      }
    }
  });
});
