// Byte helpers of the simulator's own, on Web APIs only (atob/btoa, TextEncoder,
// crypto.getRandomValues), so it shares no code with the endpoint it tests.

/** A copy backed by a plain ArrayBuffer, the form WebCrypto's `BufferSource` wants. */
export function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

/** Standard base64 (with padding), as the Flows protocol uses for every field. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunked so that a large body does not overflow the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Decode standard base64; throws a `DOMException` (`InvalidCharacterError`) on bad input. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `length` bytes from the platform's CSPRNG. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}
