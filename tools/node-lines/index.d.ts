/** One Node line the tests run on. */
export interface NodeLine {
  /** The major version: 20, 22, 24, 26. */
  line: number;
  /** "Node 22.23.3" (or "Node 22" when it is not installed), for test names and messages. */
  label: string;
  version?: string;
  /** The binary to run; absent when this line cannot run on this machine (see `skip`). */
  execPath?: string;
  /** Why this line does not run here, to print instead of silently passing. */
  skip?: string;
}

/** The Node lines tested besides the one running the tests. */
export declare const PINNED_LINES: readonly number[];

/** The machine's own Node first, then each pinned line (installed or with a reason to skip). */
export declare function nodeLines(): NodeLine[];

export interface RunNodeResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script on one Node binary; never throws on a non-zero exit. */
export declare function runNode(
  execPath: string,
  args: readonly string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunNodeResult>;
