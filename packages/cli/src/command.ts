import type { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import type { OptionSpecs } from "./options.js";
import type { Output } from "./output.js";

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command gets to run with: its parsed arguments, the io, and the output it must write through. */
export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  /** The process's io, with `env` extended by `--env-file`. */
  io: Io;
  out: Output;
  /** `--json` was given: write one JSON document to stdout and nothing else there. */
  json: boolean;
  /** Registers what to release when the command ends, however it ends (a proxy's connections). */
  onFinish(cleanup: () => Promise<unknown>): void;
}

/**
 * One `d360` command: how it is parsed and what it does. Its `--help` (usage line, option list)
 * is generated from the same `options` the parser uses.
 */
export interface CommandSpec {
  /** The words that select it: `["key", "get"]`. */
  path: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** What it does, for its `--help`: paragraphs, before the generated option list. */
  description: string;
  /** Example command lines, for its `--help`. */
  examples: readonly string[];
  /** Its own options; the global ones are added by `main`. */
  options: OptionSpecs;
  positionals: { min: number; max: number; names: string };
  /** Whether it calls the 360dialog API, and so takes the API options (--api-key, --base-url, …). */
  callsApi: boolean;
  /** Options that must be given, e.g. `private-key` for `doctor`. */
  requiredOptions?: readonly string[];
  run(context: CommandContext): Promise<ExitCode>;
}
