import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Decode, base64UrlDecode } from "../src/base64.js";
import { Oid } from "../src/der/oids.js";
import { DerReader } from "../src/der/reader.js";
import {
  bitString,
  nullValue,
  octetString,
  oid,
  sequence,
  smallInteger,
  tlv,
  unsignedInteger,
} from "../src/der/writer.js";
import { encodeBase64 } from "../src/internal/base64.js";
import { codeOf } from "./support/errors.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ""), "hex"));
const reader = (text: string) => new DerReader(fromHex(text), "The test input");

describe("DER writer", () => {
  it("encodes OIDs as X.690 says (checked against openssl asn1parse)", () => {
    expect(hex(oid(Oid.rsaEncryption))).toBe("06092a864886f70d010101");
    expect(hex(oid(Oid.aes256Cbc))).toBe("060960864801650304012a");
    const parsed = execFileSync("openssl", ["asn1parse", "-inform", "DER"], {
      input: Buffer.from(sequence(oid(Oid.pbes2), oid(Oid.hmacWithSHA256))),
    }).toString();
    expect(parsed).toContain(":PBES2");
    expect(parsed).toContain(":hmacWithSHA256");
  });

  it("writes minimal INTEGERs and lengths", () => {
    expect(hex(unsignedInteger(fromHex("00 00 7f")))).toBe("02017f");
    expect(hex(unsignedInteger(fromHex("80")))).toBe("02020080");
    expect(hex(unsignedInteger(new Uint8Array(0)))).toBe("020100");
    expect(hex(smallInteger(100_000))).toBe("02030186a0");
    expect(hex(tlv(0x04, new Uint8Array(127))).slice(0, 4)).toBe("047f");
    expect(hex(tlv(0x04, new Uint8Array(128))).slice(0, 6)).toBe("048180");
    expect(hex(tlv(0x04, new Uint8Array(256))).slice(0, 8)).toBe("04820100");
    expect(hex(bitString(fromHex("ff")))).toBe("030200ff");
    expect(hex(nullValue())).toBe("0500");
  });

  it("round-trips any INTEGER magnitude, OID and OCTET STRING through the reader", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.tuple(
          fc.integer({ min: 0, max: 2 }),
          fc.integer({ min: 0, max: 39 }),
          fc.array(fc.integer({ min: 0, max: 2 ** 28 }), { maxLength: 6 }),
        ),
        (magnitude, [top, second, rest]) => {
          const dotted = [top, second, ...rest].join(".");
          const r = new DerReader(
            sequence(unsignedInteger(magnitude), oid(dotted), octetString(magnitude)),
            "x",
          );
          const inner = r.sequence("s");
          const expected = hex(magnitude).replace(/^(00)+/, "") || "00";
          expect(hex(inner.unsignedInteger("i"))).toBe(expected);
          expect(inner.oid("o")).toBe(dotted);
          expect(hex(inner.octetString("b"))).toBe(hex(magnitude));
          inner.finish("s");
          r.finish("x");
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("DER reader is strict (X.690 §10)", () => {
  it.each([
    ["indefinite length", "3080 0000", (r: DerReader) => r.sequence("s")],
    ["long form for a short length", "30 81 03 020100", (r: DerReader) => r.sequence("s")],
    ["leading zero in a long length", "30 82 0003 020100", (r: DerReader) => r.sequence("s")],
    [
      "length of more than four octets",
      "30 85 0000000003 020100",
      (r: DerReader) => r.sequence("s"),
    ],
    ["length past the end", "30 05 020100", (r: DerReader) => r.sequence("s")],
    ["missing length", "30", (r: DerReader) => r.sequence("s")],
    ["empty input", "", (r: DerReader) => r.sequence("s")],
    ["high tag number", "1f 81 00 00", (r: DerReader) => r.next()],
    ["wrong tag", "04 00", (r: DerReader) => r.sequence("s")],
    ["non-minimal INTEGER", "02 02 007f", (r: DerReader) => r.unsignedInteger("i")],
    ["non-minimal negative INTEGER", "02 02 ff80", (r: DerReader) => r.unsignedInteger("i")],
    ["negative INTEGER", "02 01 80", (r: DerReader) => r.unsignedInteger("i")],
    ["empty INTEGER", "02 00", (r: DerReader) => r.unsignedInteger("i")],
    ["INTEGER above the limit", "02 02 0100", (r: DerReader) => r.smallInteger("i", 255)],
    ["OID with a 0x80 padding octet", "06 03 2a 80 01", (r: DerReader) => r.oid("o")],
    ["truncated OID", "06 02 2a 86", (r: DerReader) => r.oid("o")],
    ["empty OID", "06 00", (r: DerReader) => r.oid("o")],
    ["BIT STRING with unused bits", "03 02 01 fe", (r: DerReader) => r.bitString("b")],
    ["empty BIT STRING", "03 00", (r: DerReader) => r.bitString("b")],
    ["NULL with content", "05 01 00", (r: DerReader) => r.null("n")],
  ])("refuses %s with MALFORMED", (_label, input, read) => {
    const error = codeOf(() => read(reader(input)), "MALFORMED");
    expect(error.message).toMatch(/^The test input is not valid DER \(.+\)/);
  });

  it("refuses trailing data and bounds nesting depth", () => {
    const r = reader("3000 00");
    r.sequence("s");
    codeOf(() => r.finish("s"), "MALFORMED");
    let deep: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < 12; i++) deep = sequence(deep);
    let cursor = new DerReader(deep, "x");
    codeOf(() => {
      for (;;) cursor = cursor.sequence("s");
    }, "MALFORMED");
  });
});

describe("base64", () => {
  it("matches Buffer for any bytes, padded and unpadded", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const expected = Buffer.from(bytes).toString("base64");
        expect(encodeBase64(bytes)).toBe(expected);
        expect(encodeBase64(bytes, { padded: false })).toBe(expected.replace(/=+$/, ""));
        expect(hex(base64Decode(expected))).toBe(hex(bytes));
        expect(hex(base64UrlDecode(Buffer.from(bytes).toString("base64url"), "x"))).toBe(
          hex(bytes),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("tolerates whitespace between characters, refuses wrong padding and foreign characters", () => {
    expect(hex(base64Decode(" QU\nJD\r\n\tRA== "))).toBe(hex(new TextEncoder().encode("ABCD")));
    for (const bad of [
      "QUJDRA",
      "QUJDRA=",
      "QUJDRA===",
      "QUJD=RA==",
      "QUJ*",
      "Q",
      "QUJDRA==QQ==",
      "QUJD-A==",
      "QUJDÄA==",
    ]) {
      codeOf(() => base64Decode(bad), "MALFORMED");
    }
    for (const bad of ["QUJDRA==", "QUJD+A", "Q"])
      codeOf(() => base64UrlDecode(bad, "x"), "MALFORMED");
  });
});
