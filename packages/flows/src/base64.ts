// Standard base64 (RFC 4648 §4, "+" and "/"), written out rather than built on atob/btoa:
// atob accepts whitespace and missing padding and throws a DOMException whose message differs
// per runtime, while the Flows endpoint must tell a malformed field apart from any other
// failure the same way on Node, Deno, Bun and workerd.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Character code → 6-bit value, or -1 for a character outside the alphabet. */
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? (DECODE[code] ?? -1) : -1;
  if (value < 0) throw new SyntaxError(`Invalid base64 character at offset ${index}`);
  return value;
}

/**
 * Decodes standard, padded base64. Throws a `SyntaxError` for anything else: a character
 * outside the alphabet (including whitespace and the URL-safe `-`/`_`), a length that is not a
 * multiple of four, misplaced padding, or non-zero bits after the last full byte (so that each
 * byte string has exactly one accepted encoding).
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 !== 0) throw new SyntaxError("Invalid base64 length");
  let padding = 0;
  if (text.endsWith("==")) padding = 2;
  else if (text.endsWith("=")) padding = 1;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  const fullQuads = padding === 0 ? text.length : text.length - 4;
  let out = 0;
  for (let i = 0; i < fullQuads; i += 4) {
    const n =
      (sextet(text, i) << 18) |
      (sextet(text, i + 1) << 12) |
      (sextet(text, i + 2) << 6) |
      sextet(text, i + 3);
    bytes[out++] = n >>> 16;
    bytes[out++] = (n >>> 8) & 0xff;
    bytes[out++] = n & 0xff;
  }
  if (padding > 0) {
    const i = fullQuads;
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    if (padding === 2) {
      if ((b & 0x0f) !== 0) throw new SyntaxError("Invalid base64 trailing bits");
      bytes[out] = (a << 2) | (b >>> 4);
    } else {
      const c = sextet(text, i + 2);
      if ((c & 0x03) !== 0) throw new SyntaxError("Invalid base64 trailing bits");
      bytes[out++] = (a << 2) | (b >>> 4);
      bytes[out] = ((b & 0x0f) << 4) | (c >>> 2);
    }
  }
  return bytes;
}

/** Encodes bytes as standard, padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let text = "";
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    text +=
      ALPHABET.charAt(n >>> 18) +
      ALPHABET.charAt((n >>> 12) & 63) +
      ALPHABET.charAt((n >>> 6) & 63) +
      ALPHABET.charAt(n & 63);
  }
  const rest = bytes.length - whole;
  if (rest === 1) {
    const n = (bytes[whole] as number) << 16;
    text += `${ALPHABET.charAt(n >>> 18)}${ALPHABET.charAt((n >>> 12) & 63)}==`;
  } else if (rest === 2) {
    const n = ((bytes[whole] as number) << 16) | ((bytes[whole + 1] as number) << 8);
    text += `${ALPHABET.charAt(n >>> 18)}${ALPHABET.charAt((n >>> 12) & 63)}${ALPHABET.charAt((n >>> 6) & 63)}=`;
  }
  return text;
}
