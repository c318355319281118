import { KeyFormatError } from "../errors.js";
import { Tag } from "./tags.js";

// Why a DER reader of our own: the package has zero dependencies, must run unchanged on every
// WebCrypto runtime, and reading keys strictly is the product itself, not a detail to delegate.
// It reads only what the schemas of SubjectPublicKeyInfo, RSAPublicKey, PrivateKeyInfo,
// RSAPrivateKey and EncryptedPrivateKeyInfo ask for (X.690 DER rules), so it never recurses on
// its own: nesting is bounded by the schema, and MAX_DEPTH guards against a caller bug.

const MAX_DEPTH = 8;

/** One tag-length-value element inside the reader's buffer. */
export interface DerElement {
  readonly tag: number;
  /** The whole encoding, tag and length included. */
  readonly encoded: Uint8Array;
  /** The contents octets only. */
  readonly content: Uint8Array;
}

/**
 * Sequential, strict reader over a DER buffer. Every violation (indefinite or non-minimal
 * length, a length running past its parent, a high tag number, a non-minimal INTEGER, trailing
 * bytes) throws `KeyFormatError("MALFORMED")`, and nothing else.
 */
export class DerReader {
  private offset: number;

  /**
   * @param bytes - the buffer, read from `start` to `end`
   * @param what - how the message names the data, e.g. "The PUBLIC KEY block"
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
    private readonly depth = 0,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.offset = start;
  }

  /** True when every element has been read. */
  get done(): boolean {
    return this.offset >= this.end;
  }

  /** Throws MALFORMED for this data; schema readers use it for semantic errors too. */
  fail(detail: string): never {
    throw new KeyFormatError(
      "MALFORMED",
      `${this.what} is not valid DER (${detail}); the key is damaged or truncated: copy it again from its source.`,
    );
  }

  /** The next element's tag without consuming it, or undefined at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.bytes[this.offset];
  }

  /** Reads the next element, whatever its tag. */
  next(): DerElement {
    const start = this.offset;
    if (start >= this.end) this.fail("unexpected end of data");
    const tag = this.bytes[start] ?? 0;
    // Low tag numbers only: none of our structures uses tag numbers >= 31 (X.690 §8.1.2.4).
    if ((tag & 0x1f) === 0x1f) this.fail("unsupported high tag number");
    let position = start + 1;
    if (position >= this.end) this.fail("missing length");
    const first = this.bytes[position++] ?? 0;
    let length = first;
    if (first === 0x80) this.fail("indefinite length is not DER");
    if (first > 0x80) {
      const count = first & 0x7f;
      // Four length octets cover any buffer we accept (inputs are capped far below 4 GiB).
      if (count > 4) this.fail("length field too long");
      if (position + count > this.end) this.fail("truncated length");
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (this.bytes[position++] ?? 0);
      // X.690 §10.1: the definite form with the minimum number of octets.
      if (length < 0x80 || (this.bytes[position - count] ?? 0) === 0) {
        this.fail("non-minimal length encoding");
      }
    }
    const contentStart = position;
    const contentEnd = contentStart + length;
    if (contentEnd > this.end) this.fail("length runs past the end of the data");
    this.offset = contentEnd;
    return {
      tag,
      encoded: this.bytes.subarray(start, contentEnd),
      content: this.bytes.subarray(contentStart, contentEnd),
    };
  }

  /** Reads the next element and requires its tag. */
  expect(tag: number, name: string): DerElement {
    const actual = this.peekTag();
    if (actual !== tag) this.fail(actual === undefined ? `missing ${name}` : `expected ${name}`);
    return this.next();
  }

  /** Reads the next element if it has this tag. */
  optional(tag: number): DerElement | undefined {
    return this.peekTag() === tag ? this.next() : undefined;
  }

  /** Enters a SEQUENCE; the returned reader covers its contents. */
  sequence(name: string): DerReader {
    return this.child(this.expect(Tag.SEQUENCE, name));
  }

  /** A reader over the contents of an element already read (SEQUENCE, or an OCTET STRING wrapping DER). */
  child(element: DerElement): DerReader {
    if (this.depth + 1 > MAX_DEPTH) this.fail("nesting too deep");
    return new DerReader(element.content, this.what, this.depth + 1);
  }

  /** A positive INTEGER's magnitude, without the sign octet. */
  unsignedInteger(name: string): Uint8Array {
    const content = this.expect(Tag.INTEGER, name).content;
    const first = content[0];
    if (first === undefined) this.fail(`empty ${name}`);
    if (content.length > 1) {
      const second = content[1] ?? 0;
      // X.690 §8.3.2: the first nine bits must not be all zeros or all ones.
      if ((first === 0 && second < 0x80) || (first === 0xff && second >= 0x80)) {
        this.fail(`non-minimal ${name}`);
      }
    }
    if (first >= 0x80) this.fail(`negative ${name}`);
    const magnitude = first === 0 && content.length > 1 ? content.subarray(1) : content;
    return magnitude;
  }

  /** A small non-negative INTEGER (versions, iteration counts). */
  smallInteger(name: string, max: number): number {
    const magnitude = this.unsignedInteger(name);
    if (magnitude.length > 6) this.fail(`${name} out of range`);
    let value = 0;
    for (const byte of magnitude) value = value * 256 + byte;
    if (value > max) this.fail(`${name} out of range`);
    return value;
  }

  /** An OBJECT IDENTIFIER in dotted form. */
  oid(name: string): string {
    const content = this.expect(Tag.OID, name).content;
    if (content.length === 0 || content.length > 32) this.fail(`bad ${name}`);
    const arcs: number[] = [];
    let value = 0;
    let fresh = true;
    for (const byte of content) {
      // X.690 §8.19.2: no leading 0x80 octet in a subidentifier.
      if (fresh && byte === 0x80) this.fail(`non-minimal ${name}`);
      value = value * 128 + (byte & 0x7f);
      if (value > Number.MAX_SAFE_INTEGER / 256) this.fail(`${name} arc too large`);
      fresh = (byte & 0x80) === 0;
      if (fresh) {
        arcs.push(value);
        value = 0;
      }
    }
    if (!fresh) this.fail(`truncated ${name}`);
    const head = arcs[0] ?? 0;
    const top = head < 40 ? 0 : head < 80 ? 1 : 2;
    return [top, head - top * 40, ...arcs.slice(1)].join(".");
  }

  /** An OCTET STRING's contents. */
  octetString(name: string): Uint8Array {
    return this.expect(Tag.OCTET_STRING, name).content;
  }

  /** A BIT STRING that must hold whole octets (as every key encoding does). */
  bitString(name: string): Uint8Array {
    const content = this.expect(Tag.BIT_STRING, name).content;
    if (content.length === 0 || content[0] !== 0) this.fail(`${name} has unused bits`);
    return content.subarray(1);
  }

  /** A NULL. */
  null(name: string): void {
    if (this.expect(Tag.NULL, name).content.length !== 0) this.fail(`non-empty ${name}`);
  }

  /** Requires that nothing follows. */
  finish(name: string): void {
    if (!this.done) this.fail(`unexpected data after ${name}`);
  }
}
