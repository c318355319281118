import { KeyFormatError } from "./errors.js";
import { decodeBase64 } from "./internal/base64.js";

// Key input gets the package's own error; the codec itself is shared (internal/base64.ts).

/** Strict standard base64 with padding; ASCII whitespace anywhere is ignored (RFC 7468 §3). */
export function base64Decode(text: string, what = "The PEM body"): Uint8Array {
  return refuse(() => decodeBase64(text, { whitespace: true, canonical: false }), what);
}

/** Unpadded base64url (RFC 4648 §5), as JWK members use (RFC 7518 §6.3). */
export function base64UrlDecode(text: string, what: string): Uint8Array {
  return refuse(
    () => decodeBase64(text, { url: true, padded: false, whitespace: true, canonical: false }),
    what,
  );
}

function refuse(decode: () => Uint8Array, what: string): Uint8Array {
  try {
    return decode();
  } catch {
    throw new KeyFormatError("MALFORMED", `${what} is not valid base64.`);
  }
}
