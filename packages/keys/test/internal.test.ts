import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64 as base64ToBytes, encodeBase64 as bytesToBase64 } from "../src/internal.js";

describe("the shared base64 codec, canonical padded standard by default", () => {
  it("agrees with Buffer in both directions", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(bytesToBase64(bytes)).toBe(text);
        expect(Buffer.from(base64ToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("rejects what is not canonical padded standard base64", () => {
    for (const bad of [
      "A",
      "AB",
      "ABC",
      "AB=C",
      "A===",
      "====",
      "AB==AB==",
      "AB C",
      "AB\nC",
      "AB-_",
      "ABCD\u00e9AAA",
      "AB=D",
      "AR==",
      "ABD=",
    ]) {
      expect(() => base64ToBytes(bad), bad).toThrow(SyntaxError);
    }
    expect(base64ToBytes("")).toEqual(new Uint8Array(0));
    expect(Array.from(base64ToBytes("AA=="))).toEqual([0]);
    expect(Array.from(base64ToBytes("//8="))).toEqual([255, 255]);
  });

  it("accepts a string exactly when Buffer's strict round trip reproduces it", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."AB+/=a9- \n"), maxLength: 16 }), (text) => {
        const canonical = Buffer.from(text, "base64").toString("base64") === text;
        let accepted = true;
        try {
          base64ToBytes(text);
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });
});
