import { base64Decode } from "./base64.js";
import { KeyFormatError } from "./errors.js";
import { encodeBase64 } from "./internal/base64.js";

/** One `-----BEGIN label-----` … `-----END label-----` block (RFC 7468 §2). */
export interface PemBlock {
  readonly label: string;
  /** RFC 1421 §4.6 encapsulated headers (only legacy encrypted keys have them), by name. */
  readonly headers: ReadonlyMap<string, string>;
  /** The base64 text, decoded on demand so a refused block is never decoded at all. */
  readonly body: string;
}

// RFC 7468 §3: a label is printable ASCII other than "-", words separated by single spaces or
// hyphens; no label we act on is longer than "ENCRYPTED PRIVATE KEY".
const BEGIN = /-----BEGIN ([\x21-\x2C\x2E-\x7E]+(?:[ -][\x21-\x2C\x2E-\x7E]+){0,8})-----/g;
const ANY_END = /-----END ([^\n]{0,80}?)-----/g;

/** A label as it may appear in a message: only the ordinary uppercase forms are echoed. */
export function describeLabel(label: string): string {
  return /^[A-Z0-9 ]{1,40}$/.test(label) ? `-----BEGIN ${label}-----` : "an unrecognised PEM label";
}

/**
 * Finds every PEM block. RFC 7468 §2 lets text appear around the blocks; it is ignored, so
 * surrounding quotes and prose from an env file or an e-mail do no harm.
 */
export function readPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  BEGIN.lastIndex = 0;
  for (let match = BEGIN.exec(text); match !== null; match = BEGIN.exec(text)) {
    const label = match[1] ?? "";
    const bodyStart = match.index + match[0].length;
    ANY_END.lastIndex = bodyStart;
    const end = ANY_END.exec(text);
    if (end === null) {
      throw new KeyFormatError(
        "MALFORMED",
        `Found ${describeLabel(label)} without its -----END line; the key is truncated: copy all of it, including both marker lines.`,
      );
    }
    if (end[1] !== label) {
      throw new KeyFormatError(
        "MALFORMED",
        `Found ${describeLabel(label)} closed by a different -----END line; copy the key again as one complete block.`,
      );
    }
    const nextBegin = text.indexOf("-----BEGIN ", bodyStart);
    if (nextBegin !== -1 && nextBegin < end.index) {
      throw new KeyFormatError(
        "MALFORMED",
        `Found ${describeLabel(label)} with another block starting inside it; copy the key again as one complete block.`,
      );
    }
    blocks.push({ label, ...splitHeaders(text.slice(bodyStart, end.index)) });
    BEGIN.lastIndex = end.index + end[0].length;
  }
  return blocks;
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const headers = new Map<string, string>();
  if (!raw.includes(":")) return { headers, body: raw };
  // RFC 1421 §4.4: header fields, then a blank line, then the base64 text. A folded field
  // continues on lines starting with whitespace.
  const lines = raw.replace(/^\n+/, "").split("\n");
  let index = 0;
  let last: string | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line.trim() === "") break;
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last) ?? ""}${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      throw new KeyFormatError(
        "MALFORMED",
        "The PEM block has header lines not followed by a blank line; copy the key again with its line breaks intact.",
      );
    }
    last = line.slice(0, colon).trim();
    headers.set(last, line.slice(colon + 1).trim());
  }
  if (index >= lines.length) {
    throw new KeyFormatError(
      "MALFORMED",
      "The PEM block has header lines but no key data after them; copy the key again with its line breaks intact.",
    );
  }
  return { headers, body: lines.slice(index + 1).join("\n") };
}

/** Decodes a block's base64 body to DER. */
export function decodePemBody(block: PemBlock): Uint8Array {
  const der = base64Decode(block.body, `The body of ${describeLabel(block.label)}`);
  if (der.length === 0) {
    throw new KeyFormatError("MALFORMED", `${describeLabel(block.label)} is empty.`);
  }
  return der;
}

/** Canonical PEM (RFC 7468 §2): 64-character lines, LF line ends, a trailing newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const body = encodeBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
