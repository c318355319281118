// A real redis-server (Debian's package; .ci/run installs it when missing) on a free loopback
// port with a temporary directory, for the suites that share state through Redis (the webhooks
// package's dedupe store, the client's rate store). Missing, it fails the suite: never a skip.
// One home for the helper: no package imports another package's test helpers (ARCHITECTURE.md).
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts redis-server; `purpose` names what is tested against it, for the missing-server error. */
export async function startRedisServer(purpose = "this suite") {
  let binary = "";
  try {
    binary = execFileSync("sh", ["-c", "command -v redis-server"]).toString().trim();
  } catch {}
  if (binary === "") {
    throw new Error(
      `redis-server is not installed: ${purpose} is tested against a real server. Install it (apt-get install -y redis-server; .ci/run does this) and run the tests again.`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "d360-redis-"));
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir];
  const child = spawn(binary, [...args, "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  await new Promise((resolve, reject) => {
    const onExit = (code) =>
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
