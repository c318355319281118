import { KeyFormatError } from "./errors.js";
import { type PemBlock, readPemBlocks } from "./pem.js";

/** Key input after the first look: PEM blocks found in text, or raw DER bytes. */
export type KeyInput =
  | { readonly kind: "pem"; readonly blocks: readonly PemBlock[] }
  | { readonly kind: "der"; readonly der: Uint8Array };

/** The tag every key structure we read starts with: a DER SEQUENCE (X.690 §8.9, tag 0x30). */
const DER_SEQUENCE = 0x30;

function isWhitespaceByte(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

// A C0 control other than whitespace (or a NUL) means binary data, not text with odd characters.
function isBinaryByte(byte: number): boolean {
  return (byte < 0x20 && !isWhitespaceByte(byte) && byte !== 0x0c) || byte === 0x7f;
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  let text = "";
  for (let i = 2; i + 1 < bytes.length; i += 2) {
    const low = bytes[littleEndian ? i : i + 1] ?? 0;
    const high = bytes[littleEndian ? i + 1 : i] ?? 0;
    text += String.fromCharCode((high << 8) | low);
  }
  return text;
}

/**
 * Bytes that are not DER as text. Key files are UTF-8 (with or without a byte-order mark), or
 * UTF-16 with a mark when written by Windows PowerShell 5's `>`; a file that is neither but has
 * no control characters is read as Latin-1, since everything PEM needs is ASCII.
 */
function decodeText(bytes: Uint8Array, expected: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, false);
  try {
    // fatal: invalid UTF-8 is told apart from text; the default ignoreBOM: false drops a BOM.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    if (bytes.some(isBinaryByte)) {
      throw new KeyFormatError(
        "NOT_PEM",
        `The bytes are neither text nor a DER-encoded key (DER starts with a SEQUENCE, byte 0x30); expected ${expected}. Check that this is the right file.`,
      );
    }
    let text = "";
    for (let i = 0; i < bytes.length; i += 4096) {
      text += String.fromCharCode(...bytes.subarray(i, i + 4096));
    }
    return text;
  }
}

/**
 * Size check, then text or DER. Every key structure we read is a DER SEQUENCE, so bytes that
 * start with its tag (0x30) are DER and all others are text: an `id_rsa.pub`, a JSON string
 * holding a PEM, an env line `KEY="-----BEGIN…"` or a PEM with prose above it get the same
 * treatment as when passed as a string. Text is normalised for the usual copy-paste damage:
 * CRLF line ends and the literal `\n` escapes an env file or JSON string leaves behind.
 */
export function readKeyInput(input: unknown, maxLength: number, expected: string): KeyInput {
  let text: string;
  if (typeof input === "string") {
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.length > maxLength) throw tooLarge(input.length, maxLength, "bytes");
    if (input.every(isWhitespaceByte)) throw empty(expected);
    if (input[0] === DER_SEQUENCE) return { kind: "der", der: input };
    text = decodeText(input, expected);
  } else {
    throw new KeyFormatError(
      "NOT_PEM",
      `Expected ${expected} as a PEM string or DER bytes (Uint8Array), got ${describeType(input)}.`,
    );
  }
  if (text.length > maxLength) throw tooLarge(text.length, maxLength, "characters");
  const normalised = text.replace(/\\r\\n|\\n|\\r/g, "\n").replace(/\r\n?/g, "\n");
  if (normalised.trim() === "") throw empty(expected);
  const blocks = readPemBlocks(normalised);
  if (blocks.length === 0) throw notPem(normalised, expected);
  return { kind: "pem", blocks };
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof ArrayBuffer) return "an ArrayBuffer (wrap it: new Uint8Array(buffer))";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function tooLarge(length: number, max: number, unit: string): KeyFormatError {
  return new KeyFormatError(
    "TOO_LARGE",
    `The input is ${length} ${unit}, over the ${max} limit for a key; pass only the key itself, not a whole file or bundle.`,
  );
}

function empty(expected: string): KeyFormatError {
  return new KeyFormatError("NOT_PEM", `The input is empty; expected ${expected}.`);
}

// Recognise the other key formats people paste, so the message can name the conversion.
function notPem(text: string, expected: string): KeyFormatError {
  const start = text.trimStart();
  if (
    /^(ssh-rsa|ssh-ed25519|ssh-dss|ecdsa-sha2-|sk-)/.test(start) ||
    start.startsWith("---- BEGIN SSH2")
  ) {
    return new KeyFormatError(
      "NOT_PEM",
      `Found an OpenSSH public key; expected ${expected}. Convert it with \`ssh-keygen -e -m PKCS8 -f key.pub > public.pem\`.`,
    );
  }
  if (start.startsWith("PuTTY-User-Key-File")) {
    return new KeyFormatError(
      "NOT_PEM",
      `Found a PuTTY key file; expected ${expected}. Export it as OpenSSH/PEM with \`puttygen key.ppk -O private-openssh -o private.pem\`.`,
    );
  }
  if (start.startsWith("{")) {
    const found = `Found JSON text (a JWK?); expected ${expected}.`;
    return new KeyFormatError(
      "NOT_PEM",
      `${found} importPrivateKey takes a private JWK as a parsed object, not as a string; public keys must be PEM.`,
      { found },
    );
  }
  return new KeyFormatError(
    "NOT_PEM",
    `Found no -----BEGIN line; expected ${expected}. If you have only the base64 text, put it between "-----BEGIN PUBLIC KEY-----" and "-----END PUBLIC KEY-----" lines (or the PRIVATE KEY equivalents).`,
  );
}
