import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isKeyFormatError, KeyFormatError, parsePublicKey } from "../src/index.js";

describe("parsePublicKey (first cut)", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spkiPem = publicKey.export({ type: "spki", format: "pem" }) as string;

  it("returns node's own SPKI PEM unchanged for an SPKI PEM", () => {
    const info = parsePublicKey(spkiPem);
    expect(info.pem).toBe(spkiPem);
    expect(info.modulusBits).toBe(2048);
    expect(info.publicExponent).toBe(65537);
  });

  it("refuses a private key with PRIVATE_KEY", () => {
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const error = (() => {
      try {
        parsePublicKey(pem);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(KeyFormatError);
    expect(isKeyFormatError(error) && error.code).toBe("PRIVATE_KEY");
  });
});
