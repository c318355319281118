/** Something text can be written to: `process.stdout`, or a collector in tests. */
export interface Writer {
  /** Writes a chunk of text; the return value is ignored. */
  write(chunk: string): unknown;
}

/**
 * Everything `main` touches outside its arguments, injectable so the commands can be run in-process
 * in tests and by programs that embed `d360`.
 */
export interface Io {
  /** Where results go (human text, or JSON with `--json`). @default process.stdout */
  stdout: Writer;
  /** Where errors, hints and progress go. @default process.stderr */
  stderr: Writer;
  /** Environment variables (`D360_API_KEY`, `D360_BASE_URL`, `NO_COLOR`, passphrase variables). @default process.env */
  env: Readonly<Record<string, string | undefined>>;
  /** Read by `d360 key set -`. @default process.stdin */
  stdin: AsyncIterable<Uint8Array | string>;
  /** Whether stdout is a terminal; colour is only used on one. @default process.stdout.isTTY */
  isTTY: boolean;
  /**
   * Whether stderr is a terminal: progress lines (a retry's wait) are written only to one.
   * @default process.stderr.isTTY
   */
  stderrIsTTY?: boolean;
  /** Directory that relative paths are resolved against. @default process.cwd() */
  cwd: string;
  /**
   * Ends `d360 mock` when aborted. Without it, `d360 mock` stops on SIGINT or SIGTERM.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
}

/** The real process's io, for the `d360` binary. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdin: process.stdin,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}
