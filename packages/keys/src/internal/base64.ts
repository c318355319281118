// Our own codec rather than atob/btoa: atob is lenient in ways that differ between runtimes
// (whitespace, missing padding), throws a DOMException whose message differs per runtime, and
// works on "binary strings". Every package needs one strict, predictable rule everywhere: PEM
// bodies (RFC 7468 §3: base64 per RFC 4648 §4, whitespace between characters tolerated), JWK
// members (RFC 7518 §6.3: unpadded base64url) and the Flows fields (canonical padded base64,
// so a malformed field is told apart from any other failure on Node, Deno, Bun and workerd).
// The mock-server's WhatsApp simulator keeps its own codec on purpose (an independent second
// implementation of the protocol).

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

/** How {@link decodeBase64} reads its input. */
export interface Base64DecodeOptions {
  /** The base64url alphabet (RFC 4648 §5, `-` and `_`) instead of the standard one (§4). */
  url?: boolean;
  /** `=` padding is required (`true`, the default) or refused (`false`). */
  padded?: boolean;
  /** Skip ASCII whitespace anywhere, as PEM bodies need (RFC 7468 §3). Default `false`. */
  whitespace?: boolean;
  /**
   * Refuse non-zero bits after the last full byte, so that each byte string has exactly one
   * accepted encoding. Default `true`.
   */
  canonical?: boolean;
}

/**
 * Decodes base64. Throws a `SyntaxError` (whose message quotes no input) for a character
 * outside the alphabet, misplaced or missing padding, a length no encoder produces, or, when
 * `canonical`, non-zero trailing bits.
 */
export function decodeBase64(
  text: string,
  options: Base64DecodeOptions = {},
): Uint8Array<ArrayBuffer> {
  const { url = false, padded = true, whitespace = false, canonical = true } = options;
  const lookup = url ? URL_SAFE : STANDARD;
  const values = new Uint8Array(text.length);
  let count = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (whitespace && isSpace(code)) continue;
    if (code === 0x3d /* = */ && padded) {
      padding++;
      continue;
    }
    const value = code < 128 ? (lookup[code] ?? -1) : -1;
    if (value < 0 || padding > 0) {
      throw new SyntaxError(`Invalid base64 character at offset ${i}`);
    }
    values[count++] = value;
  }
  const remainder = count % 4;
  const validLength = padded
    ? (remainder === 0 && padding === 0) || (remainder > 1 && padding === 4 - remainder)
    : padding === 0 && remainder !== 1;
  if (!validLength) throw new SyntaxError("Invalid base64 length or padding");
  if (canonical && remainder > 0) {
    const last = values[count - 1] ?? 0;
    if ((last & (remainder === 2 ? 0x0f : 0x03)) !== 0) {
      throw new SyntaxError("Invalid base64 trailing bits");
    }
  }
  const out = new Uint8Array(Math.floor((count * 3) / 4));
  let o = 0;
  for (let i = 0; i < count; i += 4) {
    const n =
      ((values[i] ?? 0) << 18) |
      ((values[i + 1] ?? 0) << 12) |
      ((values[i + 2] ?? 0) << 6) |
      (values[i + 3] ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

/** Encodes bytes as base64: standard and padded unless told otherwise. */
export function encodeBase64(
  bytes: Uint8Array,
  options: { url?: boolean; padded?: boolean } = {},
): string {
  const alphabet = options.url ? URL_ALPHABET : ALPHABET;
  const pad = options.padded ?? true;
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    out += alphabet.charAt((n >> 18) & 63) + alphabet.charAt((n >> 12) & 63);
    out += left > 1 ? alphabet.charAt((n >> 6) & 63) : pad ? "=" : "";
    out += left > 2 ? alphabet.charAt(n & 63) : pad ? "=" : "";
  }
  return out;
}
