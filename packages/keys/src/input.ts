import { KeyFormatError } from "./errors.js";
import { type PemBlock, readPemBlocks } from "./pem.js";

/** Key input after the first look: PEM blocks found in text, or raw DER bytes. */
export type KeyInput =
  | { readonly kind: "pem"; readonly blocks: readonly PemBlock[] }
  | { readonly kind: "der"; readonly der: Uint8Array };

function isWhitespaceByte(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 4096) {
    text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return text;
}

/**
 * Size check, then text or DER. Bytes whose first non-space byte is "-" are PEM text (DER
 * always starts with a tag such as 0x30). Text is normalised for the usual copy-paste damage:
 * CRLF line ends and the literal `\n` escapes an env file or JSON string leaves behind.
 */
export function readKeyInput(input: unknown, maxLength: number, expected: string): KeyInput {
  let text: string;
  if (typeof input === "string") {
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.length > maxLength) throw tooLarge(input.length, maxLength, "bytes");
    let first = 0;
    while (first < input.length && isWhitespaceByte(input[first] ?? 0)) first++;
    if (first === input.length) throw empty(expected);
    if (input[first] !== 0x2d) return { kind: "der", der: input };
    text = latin1(input);
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
    return new KeyFormatError(
      "NOT_PEM",
      `Found JSON text (a JWK?); expected ${expected}. importPrivateKey takes a private JWK as a parsed object, not as a string; public keys must be PEM.`,
    );
  }
  return new KeyFormatError(
    "NOT_PEM",
    `Found no -----BEGIN line; expected ${expected}. If you have only the base64 text, put it between "-----BEGIN PUBLIC KEY-----" and "-----END PUBLIC KEY-----" lines (or the PRIVATE KEY equivalents).`,
  );
}
