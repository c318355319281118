// Each example as its own process, the way its README line starts it: started without its key or
// with a key it cannot import, it exits non-zero with a message (ready() at start-up) instead of
// serving 500s; started right, it logs every non-200 answer (onError).
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { simulateFlowRequest } from "@d360-messaging/mock-server";
import { runtimeBin } from "@d360-messaging/node-lines";
import { beforeAll, describe, expect, it } from "vitest";
import { APP_SECRET } from "./simulator.js";

const examplesDir = fileURLToPath(new URL("..", import.meta.url));
const PASSPHRASE = "start-up-Passphrase-7Qk2";

interface Program {
  name: string;
  command: () => string;
  args: string[];
  /** Whether it prints its address (Bun's default-export server starts after the module ran). */
  printsAddress: boolean;
}

const node = (main: string): Omit<Program, "name"> => ({
  command: () => process.execPath,
  args: ["--import", "tsx", main],
  printsAddress: true,
});
const programs: Program[] = [
  { name: "express", ...node("express/main.ts") },
  { name: "fastify", ...node("fastify/main.ts") },
  { name: "hono-node", ...node("hono-node/main.ts") },
  {
    name: "bun",
    command: () => runtimeBin("bun"),
    args: ["run", "bun/server.ts"],
    printsAddress: false,
  },
  {
    name: "deno",
    command: () => runtimeBin("deno"),
    // As `typecheck` checks it: the packages' sources through deno/jsr-sources.json, offline.
    args: [
      "run",
      "--no-config",
      "--import-map",
      "deno/jsr-sources.json",
      "--sloppy-imports",
      "--allow-env",
      "--allow-net",
      "deno/main.ts",
    ],
    printsAddress: true,
  },
];

let keys: { privateKeyPem: string; publicKeyPem: string; encryptedPem: string };

beforeAll(() => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  keys = {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }) as string,
    encryptedPem: privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: PASSPHRASE,
    }) as string,
  };
});

interface Started {
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when `stream` matches `pattern`; rejects if the process ends first. */
  waitFor: (stream: "stdout" | "stderr", pattern: RegExp) => Promise<RegExpMatchArray>;
}

function start(program: Program, env: Record<string, string>): Started {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
  };
  for (const name of [
    "FLOWS_PRIVATE_KEY",
    "FLOWS_PRIVATE_KEY_PASSPHRASE",
    "META_APP_SECRET",
    "PORT",
  ])
    delete base[name];
  const child = spawn(program.command(), program.args, {
    cwd: examplesDir,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  const waiters: Array<() => void> = [];
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream]?.setEncoding("utf8").on("data", (chunk: string) => {
      output[stream] += chunk;
      for (const wake of [...waiters]) wake();
    });
  }
  let ended = false;
  const exited = new Promise<number>((resolve) =>
    child.on("close", (code) => {
      ended = true;
      for (const wake of [...waiters]) wake();
      resolve(code ?? 128);
    }),
  );
  const waitFor = (stream: "stdout" | "stderr", pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output[stream]);
        if (match !== null || ended) waiters.splice(waiters.indexOf(check), 1);
        if (match !== null) resolve(match);
        else if (ended)
          reject(
            new Error(
              `${program.name} ended without ${pattern} in its ${stream}:\n${output.stdout}${output.stderr}`,
            ),
          );
      };
      waiters.push(check);
      check();
    });
  return { child, exited, stdout: () => output.stdout, stderr: () => output.stderr, waitFor };
}

/** The exit code; fails at once if the program starts serving instead of exiting. */
async function exitCode(started: Started, program: Program): Promise<number> {
  const serving = program.printsAddress
    ? started.waitFor("stdout", /Flows endpoint on/).then(() => {
        started.child.kill();
        throw new Error(`${program.name} started serving:\n${started.stdout()}${started.stderr()}`);
      })
    : new Promise<never>(() => {});
  return Promise.race([started.exited, serving]);
}

/** A port nothing listens on now, for a program that does not print the one it took. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** `url` once something answers there; rejects if the program ends first. No deadline but the test's hang guard. */
async function answering(url: string, started: Started): Promise<string> {
  for (;;) {
    if (started.child.exitCode !== null)
      throw new Error(`ended before serving:\n${started.stdout()}${started.stderr()}`);
    try {
      await fetch(url, { method: "GET" });
      return url;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe.each(programs)("$name example", (program) => {
  it("exits 1 with a message when FLOWS_PRIVATE_KEY is not set", async () => {
    const started = start(program, {});
    expect(await exitCode(started, program)).toBe(1);
    expect(started.stderr()).toContain("FLOWS_PRIVATE_KEY is not set");
  });

  it("exits 1 at start-up when the key cannot be imported, without echoing a secret", async () => {
    const started = start(program, {
      FLOWS_PRIVATE_KEY: keys.encryptedPem,
      FLOWS_PRIVATE_KEY_PASSPHRASE: "not-the-passphrase",
    });
    expect(await exitCode(started, program)).toBe(1);
    expect(started.stderr()).toContain("Cannot start the Flows endpoint: ");
    const output = started.stdout() + started.stderr();
    expect(output).not.toContain("not-the-passphrase");
    expect(output).not.toContain(keys.encryptedPem.split("\n")[1]);
  });

  it("logs a refused request through onError", async () => {
    const port = program.printsAddress ? 0 : await freePort();
    const started = start(program, {
      FLOWS_PRIVATE_KEY: keys.privateKeyPem,
      META_APP_SECRET: APP_SECRET,
      PORT: String(port),
    });
    try {
      const url = program.printsAddress
        ? `http://127.0.0.1:${(await started.waitFor("stdout", /Flows endpoint on http:\/\/[^:]+:(\d+)/))[1]}/flows`
        : await answering(`http://127.0.0.1:${port}/flows`, started);
      const forged = await simulateFlowRequest({
        endpoint: url,
        publicKey: keys.publicKeyPem,
        appSecret: "not-the-app-secret",
        payload: { version: "3.0", action: "INIT", flow_token: "t-1" },
      });
      expect(forged.status).toBe(432);
      await started.waitFor("stderr", /Flows endpoint answered 432 \(/);
    } finally {
      started.child.kill();
      await started.exited;
    }
  });
});
