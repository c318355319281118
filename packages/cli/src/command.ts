import type { ParseArgsConfig } from "node:util";
import type { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import type { Output } from "./output.js";

export type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command gets to run with: its parsed arguments, the io, and the output it must write through. */
export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  io: Io;
  out: Output;
  /** `--json` was given: write one JSON document to stdout and nothing else there. */
  json: boolean;
}

/** One `d360` command: how it is parsed, how it is described in `--help`, and what it does. */
export interface CommandSpec {
  /** The words that select it: `["key", "get"]`. */
  path: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** The synopsis, e.g. `d360 key set <public.pem | ->`. */
  usage: string;
  /** The rest of its `--help`: description, options, examples. */
  help: string;
  /** Its own options; the global ones are added by `main`. */
  options: OptionsConfig;
  positionals: { min: number; max: number; names: string };
  /** Whether it calls the 360dialog API, and so takes --api-key and --base-url. */
  callsApi: boolean;
  /** Options that must be given, e.g. `private-key` for `doctor`. */
  requiredOptions?: readonly string[];
  run(context: CommandContext): Promise<ExitCode>;
}
