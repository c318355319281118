import { KeyFormatError } from "./errors.js";

// Our own codec rather than atob/btoa: atob is lenient in ways that differ between runtimes
// (whitespace, missing padding) and works on "binary strings"; PEM bodies need one strict,
// predictable rule everywhere (RFC 7468 §3: base64 per RFC 4648 §4, whitespace between
// characters tolerated).

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function table(alphabet: string): Int16Array {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}

const STANDARD = table(ALPHABET);
const URL_SAFE = table(URL_ALPHABET);

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function decodeWith(text: string, lookup: Int16Array, padded: boolean, what: string): Uint8Array {
  const values: number[] = [];
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) continue;
    if (code === 0x3d /* = */ && padded) {
      padding++;
      continue;
    }
    const value = code < 128 ? (lookup[code] ?? -1) : -1;
    if (value < 0 || padding > 0) {
      throw new KeyFormatError("MALFORMED", `${what} is not valid base64.`);
    }
    values.push(value);
  }
  const remainder = values.length % 4;
  const validPadding = padded
    ? (remainder === 0 && padding === 0) || (remainder > 1 && padding === 4 - remainder)
    : padding === 0 && remainder !== 1;
  if (!validPadding) throw new KeyFormatError("MALFORMED", `${what} is not valid base64.`);
  const out = new Uint8Array(Math.floor((values.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < values.length; i += 4) {
    const a = values[i] ?? 0;
    const b = values[i + 1] ?? 0;
    const c = values[i + 2] ?? 0;
    const d = values[i + 3] ?? 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

/** Strict standard base64 with padding; ASCII whitespace anywhere is ignored. */
export function base64Decode(text: string, what = "The PEM body"): Uint8Array {
  return decodeWith(text, STANDARD, true, what);
}

/** Unpadded base64url (RFC 4648 §5), as JWK members use (RFC 7518 §6.3). */
export function base64UrlDecode(text: string, what: string): Uint8Array {
  return decodeWith(text, URL_SAFE, false, what);
}

function encodeWith(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    const left = bytes.length - i;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += left > 1 ? alphabet[(n >> 6) & 63] : pad ? "=" : "";
    out += left > 2 ? alphabet[n & 63] : pad ? "=" : "";
  }
  return out;
}

/** Standard base64 with padding. */
export function base64Encode(bytes: Uint8Array): string {
  return encodeWith(bytes, ALPHABET, true);
}

/** Standard base64 without padding (the OpenSSH fingerprint form). */
export function base64EncodeUnpadded(bytes: Uint8Array): string {
  return encodeWith(bytes, ALPHABET, false);
}
