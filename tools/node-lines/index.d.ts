/** One Node line the tests run on. */
export interface NodeLine {
  /** The major version: 20, 22, 24, 26. */
  line: number;
  /** "Node 22.23.3" (or "Node 22" when it cannot run here), for test names and messages. */
  label: string;
  version?: string;
  /** The binary to run; absent when this line cannot run on this platform (see `skip`). */
  execPath?: string;
  /** Why this line does not run on this platform, to print instead of silently passing. */
  skip?: string;
}

/** Where the locator looks for the runtimes (default: tools/runtimes). */
export interface LocateOptions {
  dir?: string;
}

/** tools/runtimes, where `pnpm runtimes` installs them. */
export declare const RUNTIMES_DIR: string;

/** The Node lines tested besides the one running the tests. */
export declare const PINNED_LINES: readonly number[];

/** A runtime the tests need is not installed; the message says how to install it. */
export declare class RuntimeMissingError extends Error {
  readonly runtime: string;
}

/**
 * The machine's own Node first, then each pinned line (installed, or with a reason it cannot run
 * on this platform). Throws `RuntimeMissingError` when a line that runs here is not installed.
 */
export declare function nodeLines(options?: LocateOptions): NodeLine[];

/**
 * The path of `file` inside a test-only tool installed in tools/runtimes (e.g.
 * `toolPath("@arethetypeswrong/cli", "dist/index.js")`); throws `RuntimeMissingError` when it is
 * not installed.
 */
export declare function toolPath(name: string, file: string, options?: LocateOptions): string;

/** The Deno or Bun binary; throws `RuntimeMissingError` when it is not installed. */
export declare function runtimeBin(name: "deno" | "bun", options?: LocateOptions): string;

/** The part of miniflare's API the tests use (the package lives outside the workspace). */
export interface MiniflareInstance {
  dispatchFetch(url: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

export interface MiniflareModule {
  Miniflare: new (options: {
    modules: boolean;
    script: string;
    compatibilityDate: string;
    compatibilityFlags?: string[];
    bindings?: Record<string, unknown>;
    handleRuntimeStdio?: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => void;
    [option: string]: unknown;
  }) => MiniflareInstance;
}

/** miniflare from tools/runtimes; throws `RuntimeMissingError` when it is not installed. */
export declare function loadMiniflare(options?: LocateOptions): MiniflareModule;

export interface RunNodeResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The signal that ended the child, if one did (SIGKILL from the hang guard). */
  signal: NodeJS.Signals | null;
}

/**
 * Runs a script on one Node binary; never throws on a non-zero exit. `timeoutMs` (default
 * 240 000) is a hang guard: it kills a child that would otherwise never end.
 */
export declare function runNode(
  execPath: string,
  args: readonly string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunNodeResult>;
