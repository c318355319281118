import { parseArgs } from "node:util";
import type { CommandSpec, OptionsConfig, OptionValues } from "./command.js";
import { commands } from "./commands/index.js";
import { reportError, UsageError } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { commandHelp, groupHelp, topHelp } from "./help.js";
import { type Io, processIo } from "./io.js";
import { apiOptions, commonOptions, optionsFor } from "./options.js";
import { Output, shouldUseColor } from "./output.js";
import { version } from "./version.js";

// Every option any command knows, for the first, lenient pass that only has to find the command
// words: it must know which flags take a value, or `--out keys keygen` would read "keys" as the command.
const allOptions: OptionsConfig = Object.assign(
  {},
  ...commands.map((command) => command.options),
  commonOptions,
  apiOptions,
  { "api-key": { type: "string", multiple: true } },
);

interface Prescan {
  /** The command words and their indexes in argv. */
  words: { value: string; index: number }[];
  values: OptionValues;
}

function prescan(argv: readonly string[]): Prescan {
  const { tokens, values } = parseArgs({
    args: [...argv],
    options: allOptions,
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
  const word = isGroup ? second : first;
  // Echoed only when it looks like a mistyped command, not like a key pasted in the wrong place.
  const shown = word !== undefined && /^[a-z][a-z-]{0,19}$/.test(word) ? ` '${word}'` : "";
  throw new UsageError(
    isGroup ? `Unknown subcommand${shown} of 'd360 ${first}'.` : `Unknown command${shown}.`,
    { hint: `The commands are: ${known}. Run "d360 --help".` },
  );
}

function parseCommandArgs(
  command: CommandSpec,
  argv: readonly string[],
  consumed: ReadonlySet<number>,
) {
  const name = `d360 ${command.path.join(" ")}`;
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv.filter((_, index) => !consumed.has(index)),
      options: optionsFor(command),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    // Node's messages name the flag, never its value. Its advice on positionals that start with
    // "-" is cut: a mistyped flag is far more likely.
    const text = error instanceof Error ? error.message.replace(/\n/g, " ") : String(error);
    const message = text.replace(/^(Unknown option '[^']*')\..*$/, "$1").replace(/\.$/, "");
    throw new UsageError(`${message} (in '${name}').`, {
      hint: `Run "${name} --help" for its options.`,
    });
  }
  const { min, max, names } = command.positionals;
  const count = parsed.positionals.length;
  if (count < min || count > max)
    throw new UsageError(
      max === 0
        ? `'${name}' takes no arguments, but got ${count}.`
        : `'${name}' takes ${names}, but got ${count} argument${count === 1 ? "" : "s"}.`,
      { hint: `Usage: ${command.usage}` },
    );
  for (const option of command.requiredOptions ?? [])
    if (parsed.values[option] === undefined)
      throw new UsageError(`'${name}' needs --${option}.`, { hint: `Usage: ${command.usage}` });
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
  const fullIo: Io = { ...processIo(), ...io };
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
      out.out(version());
      return ExitCode.OK;
    }
    const words = pre.words.map((word) => word.value);
    const helpWanted = pre.values.help === true || words[0] === "help";
    const target = resolveCommand(words[0] === "help" ? words.slice(1) : words);
    if (target.kind === "top") {
      if (helpWanted) out.out(topHelp());
      else out.err(topHelp());
      return helpWanted ? ExitCode.OK : ExitCode.USAGE;
    }
    if (target.kind === "group") {
      if (helpWanted) {
        out.out(groupHelp(target.group));
        return ExitCode.OK;
      }
      throw new UsageError(`'d360 ${target.group}' needs a subcommand.`, {
        hint: groupHelp(target.group),
      });
    }
    const { command } = target;
    if (helpWanted) {
      out.out(commandHelp(command));
      return ExitCode.OK;
    }
    const consumed = new Set(pre.words.slice(0, command.path.length).map((word) => word.index));
    const { values, positionals } = parseCommandArgs(command, argv, consumed);
    return await command.run({ values, positionals, io: fullIo, out, json });
  } catch (error) {
    const report = reportError(error);
    out.err(`${out.paint("red", "error:")} ${report.message}`);
    if (report.hint !== undefined) out.err(report.hint);
    if (json) out.json({ error: report });
    return report.exitCode;
  }
}
