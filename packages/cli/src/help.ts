import type { CommandSpec } from "./command.js";
import { commands } from "./commands/index.js";
import { apiOptions, commonOptions, type OptionSpecs, optionLabel } from "./options.js";

const WIDTH = 100;

const EXIT_CODES = `Exit codes:
  0   OK
  1   A check failed (doctor found a problem; key get found no key)
  2   Usage or input error (bad flag, unreadable file, refused key, missing API key)
  3   API or network error (rejected API key, HTTP error, timeout, unreachable)
  70  Internal error: a bug in d360`;

const ENVIRONMENT = `Environment:
  D360_API_KEY    API key (used when --api-key is not given)
  D360_BASE_URL   API base URL (used when --base-url is not given)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                  Send API calls through a proxy (as curl reads them: HOST:PORT is an http
                  proxy); NO_PROXY lists hosts that bypass it
  NO_COLOR        Set to any non-empty value to turn colour off; it wins over FORCE_COLOR
  FORCE_COLOR     Colour even when not on a terminal (0 or false: never)`;

/** Words of `text` in lines of at most `width` characters, each but the first indented by `indent`. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** An option list: labels in one column, descriptions wrapped beside them. */
function optionList(title: string, specs: OptionSpecs): string {
  const entries = Object.entries(specs);
  const labels = entries.map(([name, spec]) => optionLabel(name, spec));
  const column = Math.max(...labels.map((label) => label.length)) + 4;
  const rows = entries.map(([, spec], index) => {
    const label = `  ${(labels[index] ?? "").padEnd(column - 2)}`;
    return `${label}${wrap(spec.description, WIDTH - column, column)}`;
  });
  return `${title}:\n${rows.join("\n")}`;
}

/** The API options a command takes: its own definitions win (`mock` redefines --api-key). */
function apiOptionsOf(command: CommandSpec): OptionSpecs {
  if (!command.callsApi) return {};
  return Object.fromEntries(
    Object.entries(apiOptions).filter(([name]) => !Object.hasOwn(command.options, name)),
  );
}

/** `d360 keygen [--out DIR] [--force] [--json]`, from the command's options. */
export function usage(command: CommandSpec): string {
  const parts = [`d360 ${command.path.join(" ")}`];
  if (command.positionals.names !== "") parts.push(command.positionals.names);
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = `--${name}${spec.type === "string" ? ` ${spec.value ?? "VALUE"}` : ""}`;
    const required = command.requiredOptions?.includes(name) === true;
    parts.push(`${required ? flag : `[${flag}]`}${spec.multiple ? "..." : ""}`);
  }
  parts.push("[--json]");
  return parts.join(" ");
}

export function topHelp(): string {
  const width = Math.max(...commands.map((command) => command.path.join(" ").length));
  return `d360: set up and diagnose WhatsApp Business encryption for a 360dialog phone number.

Usage: d360 <command> [options]

Commands:
${commands.map((command) => `  ${command.path.join(" ").padEnd(width)}  ${command.summary}`).join("\n")}

First time:
  d360 keygen --out keys
  export D360_API_KEY=…            # the API key of the number's channel
  d360 key set keys/public.pem
  d360 doctor --private-key keys/private.pem

${optionList("Global options", commonOptions)}

${optionList("API options (for key get, key set, doctor)", apiOptions)}

${ENVIRONMENT}

${EXIT_CODES}

Run "d360 <command> --help" for a command's options.`;
}

/** `key get, key set, key derive`: the commands of a group, for a one-line hint. */
export function groupCommands(group: string): string {
  return commands
    .filter((command) => command.path[0] === group && command.path.length > 1)
    .map((command) => command.path.join(" "))
    .join(", ");
}

/** `d360 key --help`: the key commands. */
export function groupHelp(group: string): string {
  const members = commands.filter(
    (command) => command.path[0] === group && command.path.length > 1,
  );
  return `Usage: d360 ${group} <${members.map((command) => command.path[1]).join("|")}> [options]

Commands:
${members.map((command) => `  ${usage(command)}\n      ${command.summary}`).join("\n")}

Run "d360 ${group} <command> --help" for a command's options.`;
}

export function commandHelp(command: CommandSpec): string {
  const sections = [`Usage: ${usage(command)}`, `${command.summary}.`, command.description];
  if (Object.keys(command.options).length > 0)
    sections.push(optionList("Options", command.options));
  const api = apiOptionsOf(command);
  if (Object.keys(api).length > 0) sections.push(optionList("API options", api));
  sections.push(optionList("Global options", commonOptions));
  if (command.examples.length > 0)
    sections.push(`Examples:\n${command.examples.map((line) => `  ${line}`).join("\n")}`);
  sections.push(EXIT_CODES);
  return sections.join("\n\n");
}
