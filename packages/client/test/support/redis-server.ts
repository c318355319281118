// A copy of the webhooks package's test helper (packages/webhooks/test/redis-server.ts): no package
// imports another package's test helpers (ARCHITECTURE.md).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";

// A real redis-server (Debian's package; .ci/run installs it) on a free loopback port with a
// temporary directory, stopped in teardown. Missing, it fails the suite: it is never skipped.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  let binary: string;
  try {
    binary = execFileSync("sh", ["-c", "command -v redis-server"]).toString().trim();
  } catch {
    binary = "";
  }
  if (binary === "") {
    throw new Error(
      "redis-server is not installed: the Redis rate store is tested against a real server. Install it (apt-get install -y redis-server; .ci/run does this) and run the tests again.",
    );
  }
  const dir = await mkdtemp(path.join(tmpdir(), "d360-client-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    child.once("exit", onExit);
    const poll = () => {
      if (/Ready to accept connections/.test(output)) {
        child.off("exit", onExit);
        resolve();
      } else setTimeout(poll, 20);
    };
    poll();
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
