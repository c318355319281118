import { parseArgs } from "node:util";
import type { CommandSpec, OptionValues } from "./command.js";
import { commands } from "./commands/index.js";
import { loadEnvFile } from "./env-file.js";
import { reportError, UsageError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { commandHelp, groupCommands, groupHelp, topHelp, usage } from "./help.js";
import { type Io, processIo } from "./io.js";
import { apiOptions, commonOptions, type OptionSpecs, parseArgsOptions } from "./options.js";
import { Output, paint, shouldUseColor } from "./output.js";
import { proxyForReport } from "./proxy.js";
import { nearest } from "./suggest.js";
import { version } from "./version.js";

// Every option any command knows, for the first, lenient pass that only has to find the command
// words: it must know which flags take a value, or `--out keys keygen` would read "keys" as the command.
const allOptions: OptionSpecs = Object.assign(
  {},
  ...commands.map((command) => command.options),
  commonOptions,
  apiOptions,
  { "api-key": { ...apiOptions["api-key"], multiple: true } },
);

/** Everything `command` accepts; its own options win (`mock` redefines --api-key as its test keys). */
function optionsFor(command: CommandSpec): OptionSpecs {
  return { ...commonOptions, ...(command.callsApi ? apiOptions : {}), ...command.options };
}

interface Prescan {
  /** The command words and their indexes in argv. */
  words: { value: string; index: number }[];
  values: OptionValues;
}

function prescan(argv: readonly string[]): Prescan {
  const { tokens, values } = parseArgs({
    args: [...argv],
    options: parseArgsOptions(allOptions),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const words = tokens.flatMap((token) =>
    token.kind === "positional" ? [{ value: token.value, index: token.index }] : [],
  );
  return { words, values };
}

type Resolved =
  | { kind: "command"; command: CommandSpec }
  | { kind: "group"; group: string }
  | { kind: "top" };

// Echoed (and matched against the commands) only when it looks like a mistyped command, not like
// a key pasted in the wrong place.
const COMMAND_LIKE = /^[a-z][a-z-]{0,19}$/;

/** "Did you mean 'd360 doctor'?" for a mistyped command, or a subcommand's word used alone. */
function didYouMean(word: string, group: string | undefined): string | undefined {
  if (!COMMAND_LIKE.test(word)) return undefined;
  const names = new Map<string, string>();
  for (const command of commands) {
    const full = command.path.join(" ");
    if (group === undefined) {
      names.set(command.path[0] as string, command.path[0] as string);
      if (command.path.length > 1) names.set(command.path.at(-1) as string, full);
    } else if (command.path[0] === group && command.path.length > 1)
      names.set(command.path[1] as string, full);
  }
  const matches = nearest(word, [...names.keys()]).map((name) => `'d360 ${names.get(name)}'`);
  return matches.length === 0 ? undefined : `Did you mean ${matches.join(" or ")}?`;
}

function resolveCommand(words: readonly string[]): Resolved {
  const [first, second] = words;
  if (first === undefined) return { kind: "top" };
  const command = commands.find((candidate) =>
    candidate.path.every((word, position) => words[position] === word),
  );
  if (command !== undefined) return { kind: "command", command };
  const isGroup = commands.some(
    (candidate) => candidate.path.length > 1 && candidate.path[0] === first,
  );
  if (isGroup && second === undefined) return { kind: "group", group: first };
  const known = commands.map((candidate) => candidate.path.join(" ")).join(", ");
  const word = (isGroup ? second : first) as string;
  const shown = COMMAND_LIKE.test(word) ? ` '${word}'` : "";
  const suggestion = didYouMean(word, isGroup ? first : undefined);
  throw new UsageError(
    isGroup ? `Unknown subcommand${shown} of 'd360 ${first}'.` : `Unknown command${shown}.`,
    {
      hint: `${suggestion === undefined ? "" : `${suggestion} `}The commands are: ${known}. Run "d360 --help".`,
    },
  );
}

// An option name is echoed only when it looks like one: a long random word is more likely a key.
const FLAG_LIKE = /^--?[a-z][a-z-]{0,23}$/;

/** Checks each option token against the command's definitions, with a suggestion for a typo. */
function checkOptions(
  tokens: ReturnType<typeof parseArgs>["tokens"],
  specs: OptionSpecs,
  name: string,
): void {
  const help = `Run "${name} --help" for its options.`;
  for (const token of tokens ?? []) {
    if (token.kind !== "option") continue;
    const spec = specs[token.name];
    if (spec === undefined) {
      const shown = FLAG_LIKE.test(token.rawName) ? ` '${token.rawName}'` : "";
      const near =
        shown === ""
          ? []
          : nearest(
              token.name,
              Object.keys(specs).filter((option) => option.length > 1),
            );
      throw new UsageError(`Unknown option${shown} (in '${name}').`, {
        hint: `${near.length === 0 ? "" : `Did you mean ${near.map((option) => `--${option}`).join(" or ")}? `}${help}`,
      });
    }
    const value = token.value;
    if (
      spec.type === "string" &&
      (value === undefined || (!token.inlineValue && /^-./.test(value)))
    )
      throw new UsageError(
        `${token.rawName} needs a value (${spec.value ?? "VALUE"}) (in '${name}').`,
        {
          hint: help,
        },
      );
    if (spec.type === "boolean" && value !== undefined)
      throw new UsageError(`${token.rawName} takes no value (in '${name}').`, { hint: help });
  }
}

function parseCommandArgs(
  command: CommandSpec,
  argv: readonly string[],
  consumed: ReadonlySet<number>,
) {
  const name = `d360 ${command.path.join(" ")}`;
  const specs = optionsFor(command);
  const config = {
    args: argv.filter((_, index) => !consumed.has(index)),
    options: parseArgsOptions(specs),
    allowPositionals: true,
  };
  checkOptions(parseArgs({ ...config, strict: false, tokens: true }).tokens, specs, name);
  // Every option token is known and well-formed now, so the strict parse does not throw.
  const parsed: { values: OptionValues; positionals: string[] } = parseArgs({
    ...config,
    strict: true,
  });
  const { min, max, names } = command.positionals;
  const count = parsed.positionals.length;
  if (count < min || count > max)
    throw new UsageError(
      max === 0
        ? `'${name}' takes no arguments, but got ${count}.`
        : `'${name}' takes ${names}, but got ${count} argument${count === 1 ? "" : "s"}.`,
      { hint: `Usage: ${usage(command)}` },
    );
  for (const option of command.requiredOptions ?? [])
    if (parsed.values[option] === undefined)
      throw new UsageError(`'${name}' needs --${option}.`, { hint: `Usage: ${usage(command)}` });
  return parsed;
}

/**
 * Runs `d360` with the given arguments and resolves to its exit code; never throws and never
 * calls `process.exit`. This is what the `d360` binary does with `process.argv.slice(2)`.
 *
 * @param argv The arguments after the program name, e.g. `["key", "get", "--json"]`.
 * @param io Replaces the process's stdout, stderr, env, stdin, TTY detection, working directory and
 *   (for `d360 mock`) the stop signal; anything left out is the real process's.
 * @returns One of {@link ExitCode}: 0 ok, 1 check failed, 2 usage or input error, 3 API or network error.
 *
 * @example
 * ```ts
 * import { main, ExitCode } from "@d360-messaging/cli";
 *
 * let output = "";
 * const code = await main(["doctor", "--private-key", "keys/private.pem", "--json"], {
 *   stdout: { write: (text: string) => (output += text) },
 *   env: { D360_API_KEY: process.env.D360_API_KEY },
 * });
 * if (code !== ExitCode.OK) console.log(JSON.parse(output).checks);
 * ```
 */
export async function main(argv: readonly string[], io: Partial<Io> = {}): Promise<ExitCode> {
  let fullIo: Io = { ...processIo(), ...io };
  const cleanups: (() => Promise<unknown>)[] = [];
  const pre = prescan(argv);
  const json = pre.values.json === true;
  const out = new Output(fullIo, { color: !json && shouldUseColor(fullIo.env, fullIo.isTTY) });
  // Registered before anything is written, so even a usage error cannot echo them.
  out.addSecret(fullIo.env.D360_API_KEY);
  const isMock = pre.words[0]?.value === "mock";
  if (!isMock)
    for (const value of [pre.values["api-key"]].flat())
      if (typeof value === "string") out.addSecret(value);

  try {
    if (pre.values.version === true) {
      if (json) out.json({ name: "@d360-messaging/cli", version: version() });
      else out.out(version());
      return ExitCode.OK;
    }
    const envFile = pre.values["env-file"];
    if (typeof envFile === "string") {
      fullIo = { ...fullIo, env: await loadEnvFile(envFile, fullIo) };
      out.addSecret(fullIo.env.D360_API_KEY);
    }
    const words = pre.words.map((word) => word.value);
    const helpWanted = pre.values.help === true || words[0] === "help";
    const target = resolveCommand(words[0] === "help" ? words.slice(1) : words);
    if (target.kind === "top") {
      out.block(topHelp(), helpWanted ? "stdout" : "stderr");
      return helpWanted ? ExitCode.OK : ExitCode.USAGE;
    }
    if (target.kind === "group") {
      if (helpWanted) {
        out.block(groupHelp(target.group));
        return ExitCode.OK;
      }
      throw new UsageError(`'d360 ${target.group}' needs a subcommand.`, {
        hint: `Its commands are: ${groupCommands(target.group)}. Run "d360 ${target.group} --help".`,
      });
    }
    const { command } = target;
    if (helpWanted) {
      out.block(commandHelp(command));
      return ExitCode.OK;
    }
    const consumed = new Set(pre.words.slice(0, command.path.length).map((word) => word.index));
    const { values, positionals } = parseCommandArgs(command, argv, consumed);
    return await command.run({
      values,
      positionals,
      io: fullIo,
      out,
      json,
      onFinish: (cleanup) => cleanups.push(cleanup),
    });
  } catch (error) {
    const env = fullIo.env;
    const report = reportError(error, { proxyFor: (url) => proxyForReport(env, url) });
    // The message may quote the server (an error body), a file name or an env value: out.err
    // escapes it, and the hint too (one line: a line break in it would be shown as \n).
    out.err([paint("red", "error:"), ` ${report.message}`]);
    if (report.hint !== undefined) out.err(report.hint);
    if (json) out.json({ error: report });
    return report.exitCode;
  } finally {
    // Release what the command held (a proxy's connections); a failure to do so changes nothing
    // about the outcome already reported.
    await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
  }
}
