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
function printable(text: string, options: { multiline?: boolean } = {}): string {
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
 * A piece of a line to be shown in a style. The colour codes are added by {@link Output} when it
 * writes the line, after the text has been escaped, so they are the only escape sequences that
 * can reach the terminal.
 */
export class Styled {
  constructor(
    readonly style: Style,
    readonly text: string,
  ) {}

  /** Without colour, when used in a template literal by mistake: never raw control characters. */
  toString(): string {
    return printable(this.text);
  }
}

/** `text` shown in `style` when colour is on. */
export function paint(style: Style, text: string): Styled {
  return new Styled(style, text);
}

/** One line of output: text, or pieces of text of which some are {@link paint}ed. */
export type Line = string | readonly (string | Styled)[];

/**
 * All of a command's output goes through here, so that three things are decided in one place,
 * whatever produced the text (our text, a file name, an env value, a message from a package, a
 * server's reason phrase or error body):
 * - every line is escaped: control characters are shown as `\x1b`, a line break inside a line as
 *   `\n`, so nothing from outside can recolour, retitle or rewrite the terminal or fake a line;
 *   only {@link Output.block} keeps line breaks (help text, a PEM);
 * - colour is added after escaping, only when it is on;
 * - the API key and passphrases are scrubbed (the packages already redact; this is the second net).
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
    // Inside --json output a quote or backslash in the secret appears escaped, and in text output
    // a control character in it.
    this.#secrets.add(JSON.stringify(value).slice(1, -1));
    this.#secrets.add(printable(value));
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  /** Writes lines to stdout, each escaped. */
  out(...lines: Line[]): void {
    this.#stdout.write(this.#lines(lines));
  }

  /** Writes lines to stderr, each escaped. */
  err(...lines: Line[]): void {
    this.#stderr.write(this.#lines(lines));
  }

  /**
   * Writes multi-line text (help, a PEM) to stdout: line breaks are kept, every other control
   * character is escaped as in {@link Output.out}. The only way to write a line break that is
   * not a line's end.
   */
  block(text: string, stream: "stdout" | "stderr" = "stdout"): void {
    const writer = stream === "stdout" ? this.#stdout : this.#stderr;
    writer.write(
      `${this.redact(printable(this.redact(text), { multiline: true })).replace(/\n?$/, "\n")}`,
    );
  }

  /** Writes one JSON document to stdout, never coloured. */
  json(value: unknown): void {
    this.#json(JSON.stringify(value, null, 2));
  }

  /** Writes one JSON document on one line to stdout (a stream of events: one line each). */
  jsonLine(value: unknown): void {
    this.#json(JSON.stringify(value));
  }

  #json(text: string): void {
    const escaped = text.replace(
      JSON_UNPRINTABLE,
      (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    this.#stdout.write(`${this.redact(escaped)}\n`);
  }

  #lines(lines: readonly Line[]): string {
    return lines.map((line) => `${this.#line(line)}\n`).join("");
  }

  #line(line: Line): string {
    // Redacted before escaping (a secret may hold a control character) and after (the second net,
    // for a secret split across pieces).
    const shown = (text: string) => printable(this.redact(text));
    if (typeof line === "string") return this.redact(shown(line));
    const text = line
      .map((piece) => {
        if (typeof piece === "string") return shown(piece);
        if (!this.color) return shown(piece.text);
        const [open, close] = codes[piece.style];
        return `\u001b[${open}m${shown(piece.text)}\u001b[${close}m`;
      })
      .join("");
    return this.redact(text);
  }
}
