import type { build } from "esbuild";

/** One portable check as the packages' test/portable/checks.ts report it. */
export interface PortableCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** The hang guard for one runtime run (240 000 ms), child process and test alike. */
export declare const PORTABLE_TIMEOUT_MS: number;

/** Deno and Bun without update checks, prompts, colours or telemetry. */
export declare const QUIET_ENV: Readonly<Record<string, string>>;

/** A deprecation printed by any runtime (Node's DeprecationWarning and DEP0… codes included). */
export declare const DEPRECATION: RegExp;

/** The output of one finished run, as `PortableRunError` and `parseChecks` take it. */
export interface PortableRunOutput {
  /** The command line, for the message. */
  command: string;
  /** The exit code (null when a signal ended the run, or for workerd). */
  code?: number | null;
  signal?: NodeJS.Signals | null;
  stdout?: string;
  stderr?: string;
}

/** A runtime run that did not end with a clean list of checks; the message holds the output. */
export declare class PortableRunError extends Error {
  /** What went wrong: "the run failed", "no WEBHOOKS_CHECKS line", "a deprecation (…) on stderr"… */
  readonly reason: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  constructor(reason: string, output: PortableRunOutput);
}

/**
 * Reads the checks from a finished run: the `<prefix>_CHECKS <json>` line of stdout. Throws
 * `PortableRunError` on a non-zero exit or a signal, a deprecation on stderr, or a missing or
 * malformed line.
 */
export declare function parseChecks(
  prefix: string,
  output: PortableRunOutput & { code: number | null; stdout: string; stderr: string },
): PortableCheck[];

/**
 * Throws unless every check passed and exactly `expected` ran; the message lists the failed
 * checks with their detail.
 */
export declare function expectChecks(results: readonly PortableCheck[], expected: number): void;

/** What a package's runtime suite says about itself. */
export interface PortableSuiteOptions {
  /** esbuild's `build`, from the package's own esbuild devDependency. */
  build: typeof build;
  /** The package's folder (a path or a file: URL); its checks are in test/portable/. */
  packageDir: string | URL;
  /** The checks line's prefix: "WEBHOOKS" reads `WEBHOOKS_CHECKS <json>`. */
  prefix: string;
  /** esbuild's `define` for both bundles (e.g. the captured vector), computed in `setup()`. */
  define?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Also bundle test/portable/worker.ts as worker.mjs, for `workerd()`. */
  worker?: boolean;
  /** Also bundle cli-node.mjs: the checks against dist/index.node.js, resolved as Node resolves them. */
  nodeBuild?: boolean;
}

/** A bundle name: cli.mjs (the default build, neutral platform) or cli-node.mjs (the Node build). */
export type PortableBundle = "cli" | "cli-node";

export interface PortableSuite {
  /** The temporary folder holding the bundles (after `setup()`). */
  readonly dir: string;
  /** Checks that dist is built, then bundles the checks (in beforeAll). */
  setup(): Promise<void>;
  /** Removes the bundles (in afterAll). */
  teardown(): Promise<void>;
  /** Runs any command in the bundles' folder, with `QUIET_ENV` and the hang guard. */
  run(command: string, args: readonly string[]): Promise<PortableCheck[]>;
  /** Runs a bundle on one Node binary with --throw-deprecation. */
  node(execPath: string, bundle?: PortableBundle): Promise<PortableCheck[]>;
  /** Runs a bundle on Deno, with no permissions and no config. */
  deno(bundle?: PortableBundle): Promise<PortableCheck[]>;
  /** Runs a bundle on Bun, with no install. */
  bun(bundle?: PortableBundle): Promise<PortableCheck[]>;
  /** Runs worker.mjs in workerd (through miniflare); no compatibility flags unless given. */
  workerd(options?: {
    compatibilityDate?: string;
    compatibilityFlags?: string[];
  }): Promise<PortableCheck[]>;
}

/** One package's portable checks, bundled once and run on each runtime. */
export declare function portableSuite(options: PortableSuiteOptions): PortableSuite;
