import { REDACTED } from "@d360-messaging/keys/internal";
import type { Io, Writer } from "./io.js";

/** Secrets shorter than this are not scrubbed from output: replacing a few characters wherever they
 * occur would corrupt PEM and fingerprints, and no real API key or sensible passphrase is that short. */
const MIN_SCRUBBED_SECRET_LENGTH = 8;

// C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI on some
// terminals), and the bidirectional overrides that make text display in another order than it is.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const UNPRINTABLE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (character === "\n") return "\\n";
  if (character === "\r") return "\\r";
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text from outside (a key, status or error body from the server) made safe to print on a
 * terminal: control characters are shown as escapes (`\x1b`), never sent as terminal escape
 * sequences that could recolour, retitle or rewrite the screen. Newlines are kept only when
 * `multiline` (a PEM).
 */
export function printable(text: string, options: { multiline?: boolean } = {}): string {
  return text.replace(options.multiline ? UNPRINTABLE : UNPRINTABLE_LINE, escapeCharacter);
}

// JSON.stringify escapes C0 controls itself; C1 controls and bidi overrides are escaped here,
// which leaves the document's data unchanged.
const JSON_UNPRINTABLE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Whether to colour output, following https://no-color.org and the FORCE_COLOR convention:
 * `NO_COLOR` (any non-empty value) always wins; otherwise `FORCE_COLOR` turns colour on even when
 * piped (off when it is `0` or `false`); otherwise colour only on a terminal that is not `TERM=dumb`.
 */
export function shouldUseColor(env: Io["env"], isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return isTTY && env.TERM !== "dumb";
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof codes;

/**
 * All of a command's output goes through here, so that colour is decided once and every line is
 * scrubbed of the API key and passphrases before it is written, whatever produced it (our text, a
 * message from a package, an API error body). The packages already redact; this is the second net.
 */
export class Output {
  readonly color: boolean;
  readonly #stdout: Writer;
  readonly #stderr: Writer;
  readonly #secrets = new Set<string>();

  constructor(io: Pick<Io, "stdout" | "stderr">, options: { color: boolean }) {
    this.#stdout = io.stdout;
    this.#stderr = io.stderr;
    this.color = options.color;
  }

  /** Registers a value that must never be written (API key, passphrase). */
  addSecret(value: string | undefined): void {
    if (value === undefined || value.length < MIN_SCRUBBED_SECRET_LENGTH) return;
    this.#secrets.add(value);
    // Inside --json output a quote or backslash in the secret appears escaped.
    this.#secrets.add(JSON.stringify(value).slice(1, -1));
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  /** Writes lines to stdout. */
  out(...lines: string[]): void {
    this.#stdout.write(this.redact(lines.map((line) => `${line}\n`).join("")));
  }

  /** Writes lines to stderr. */
  err(...lines: string[]): void {
    this.#stderr.write(this.redact(lines.map((line) => `${line}\n`).join("")));
  }

  /** Writes one JSON document to stdout, never coloured. */
  json(value: unknown): void {
    const text = JSON.stringify(value, null, 2).replace(
      JSON_UNPRINTABLE,
      (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    this.#stdout.write(`${this.redact(text)}\n`);
  }

  paint(style: Style, text: string): string {
    if (!this.color) return text;
    const [open, close] = codes[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  }
}
