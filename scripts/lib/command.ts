import { pathToFileURL } from "node:url";
import { SpecPipelineError } from "./errors.js";

/** Where a command writes: the console, or a recorder in tests. */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Runs a spec command's work: exit code 0 when it succeeds, 1 with the message when the
 * pipeline refused the input (nothing was written then); any other error is a bug and is thrown.
 */
export async function pipelineExitCode(work: () => Promise<void>, output: Output): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (!(error instanceof SpecPipelineError)) throw error;
    output.error(`${error.name}: ${error.message}\nNothing was written.`);
    return 1;
  }
}

/** Runs `command` with the process arguments when `moduleUrl` is the script Node was started with. */
export function runIfMain(
  moduleUrl: string,
  command: (args: readonly string[], options: { cwd: string }) => Promise<number>,
): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  // pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
  command(process.argv.slice(2), { cwd: process.env.INIT_CWD ?? process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
