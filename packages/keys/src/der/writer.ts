import { concatBytes } from "../internal/bytes.js";
import { Tag } from "./tags.js";

// The writer side of our DER code (see reader.ts for why it is ours): just the encoders the
// key structures need, always producing the canonical DER form (X.690 §10).

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest & 0xff);
  return Uint8Array.from([0x80 | octets.length, ...octets]);
}

/** One tag-length-value element. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(tag), encodeLength(content.length), content]);
}

/** A SEQUENCE of already-encoded elements. */
export function sequence(...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(Tag.SEQUENCE, concatBytes(elements));
}

/** A non-negative INTEGER from its big-endian magnitude (leading zeros are dropped). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.length === 0 ? Uint8Array.of(0) : magnitude.subarray(start);
  const needsSign = (trimmed[0] ?? 0) >= 0x80;
  return tlv(Tag.INTEGER, needsSign ? concatBytes([Uint8Array.of(0), trimmed]) : trimmed);
}

/** A small non-negative INTEGER. */
export function smallInteger(value: number): Uint8Array {
  const octets: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest & 0xff);
  return unsignedInteger(Uint8Array.from(octets));
}

/** An OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const [top = 0, second = 0, ...rest] = arcs;
  const out: number[] = [];
  for (const arc of [top * 40 + second, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      chunk.unshift(0x80 | (value & 0x7f));
    }
    out.push(...chunk);
  }
  return tlv(Tag.OID, Uint8Array.from(out));
}

/** An OCTET STRING. */
export function octetString(content: Uint8Array): Uint8Array {
  return tlv(Tag.OCTET_STRING, content);
}

/** A BIT STRING of whole octets. */
export function bitString(content: Uint8Array): Uint8Array {
  return tlv(Tag.BIT_STRING, concatBytes([Uint8Array.of(0), content]));
}

/** NULL. */
export function nullValue(): Uint8Array {
  return Uint8Array.of(Tag.NULL, 0);
}
