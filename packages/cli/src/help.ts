import type { CommandSpec } from "./command.js";
import { commands } from "./commands/index.js";

const API_HELP = `API options (for key get, key set, doctor):
  --api-key KEY   API key of the phone number's channel (or D360_API_KEY). Prefer the variable:
                  a flag value stays in shell history. Never printed, not even in errors or --json.
  --base-url URL  API base URL (or D360_BASE_URL). Default: https://waba-v2.360dialog.io`;

const COMMON_HELP = `Global options:
  --json          Print results (and errors, on stdout) as JSON for scripts.
  -h, --help      Show help.
  --version       Print the version.`;

const EXIT_CODES = `Exit codes:
  0   OK
  1   A check failed (doctor found a problem; key get found no key)
  2   Usage or input error (bad flag, unreadable file, refused key, missing API key)
  3   API or network error (rejected API key, HTTP error, timeout, unreachable)
  70  Internal error: a bug in d360`;

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

${COMMON_HELP}

${API_HELP}

Environment:
  D360_API_KEY    API key (used when --api-key is not given)
  D360_BASE_URL   API base URL (used when --base-url is not given)
  NO_COLOR        Set to any non-empty value to turn colour off; it wins over FORCE_COLOR
  FORCE_COLOR     Colour even when not on a terminal (0 or false: never)

${EXIT_CODES}

Run "d360 <command> --help" for a command's options.`;
}

/** `d360 key --help`: the key commands. */
export function groupHelp(group: string): string {
  const members = commands.filter(
    (command) => command.path[0] === group && command.path.length > 1,
  );
  return `Usage: d360 ${group} <${members.map((command) => command.path[1]).join("|")}> [options]

Commands:
${members.map((command) => `  ${command.usage}\n      ${command.summary}`).join("\n")}

Run "d360 ${group} <command> --help" for a command's options.`;
}

export function commandHelp(command: CommandSpec): string {
  return `Usage: ${command.usage}

${command.summary}.

${command.help}

${command.callsApi ? `${API_HELP.replace(" (for key get, key set, doctor)", "")}\n\n` : ""}${COMMON_HELP}

${EXIT_CODES}`;
}
