import type { ParseArgsConfig } from "node:util";

/**
 * One flag: what `util.parseArgs` needs to parse it and what `--help` says about it, in one place,
 * so a flag added here is parsed and documented at once.
 */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in help and usage, for string options: `FILE`, `DIR`, `N`. */
  value?: string;
  /** What it does; one or more sentences, wrapped by the help printer. */
  description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Options every command takes. */
export const commonOptions = {
  json: {
    type: "boolean",
    description: "Print results (and errors, on stdout) as one JSON document, for scripts.",
  },
  "env-file": {
    type: "string",
    value: "FILE",
    description:
      "Read environment variables (D360_API_KEY, D360_BASE_URL, a passphrase variable) from FILE, in the .env format Node's --env-file reads. Variables already set in the environment win.",
  },
  help: { type: "boolean", short: "h", description: "Show help." },
  version: { type: "boolean", description: "Print the version (with --json: as JSON)." },
} as const satisfies OptionSpecs;

/** Options of the commands that call the 360dialog API. */
export const apiOptions = {
  "api-key": {
    type: "string",
    value: "KEY",
    description:
      "API key of the phone number's channel (or D360_API_KEY). Prefer the variable: a flag value stays in shell history. Never printed, not even in errors or --json.",
  },
  "base-url": {
    type: "string",
    value: "URL",
    description: "API base URL (or D360_BASE_URL). Default: https://waba-v2.360dialog.io",
  },
  timeout: {
    type: "string",
    value: "SECONDS",
    description:
      "Give up on an attempt that has no complete answer after SECONDS (default 10, up to 600); failed attempts are retried twice.",
  },
  verbose: {
    type: "boolean",
    description:
      "Print each attempt on stderr: method, URL, status and time, with the API key shown as [REDACTED].",
  },
} as const satisfies OptionSpecs;

/** The `util.parseArgs` configuration for these options. */
export function parseArgsOptions(specs: OptionSpecs): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, spec] of Object.entries(specs))
    options[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === undefined ? {} : { multiple: spec.multiple }),
    };
  return options;
}

/** `--out DIR`, `-h, --help`: how an option is written in help. */
export function optionLabel(name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.type === "string" ? ` ${spec.value ?? "VALUE"}` : ""}`;
  return spec.short === undefined ? long : `-${spec.short}, ${long}`;
}
