import { spawn } from "node:child_process";

/** What a finished child process left behind. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time in milliseconds, for the timing summary. */
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child after this long: a hung install must not hang CI. */
  timeoutMs?: number;
}

/**
 * Runs a command without a shell (arguments are never re-parsed, so paths with
 * spaces are safe) and collects its output. Never throws for a non-zero exit:
 * callers turn that into a problem with the output attached.
 */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      // npm and pnpm are .cmd shims on Windows; a shell finds them there.
      shell: process.platform === "win32",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            stderr += `\n[killed after ${options.timeoutMs} ms]`;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not start ${command}: ${error.message}`, { cause: error }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        ms: performance.now() - started,
      });
    });
  });
}

/** The command line and its output, for a failure message. */
export function describeFailure(
  command: string,
  args: readonly string[],
  result: RunResult,
): string {
  const output = [result.stdout.trim(), result.stderr.trim()].filter(Boolean).join("\n");
  return `\`${[command, ...args].join(" ")}\` exited with ${result.code}${output ? `:\n${indent(output)}` : ""}`;
}

export function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((line) => by + line)
    .join("\n");
}

/** Runs `tasks` with at most `limit` in flight: this machine and CI runners have two cores. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
