import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { sequence, smallInteger, unsignedInteger } from "../src/der/writer.js";
import { isKeyFormatError, KeyFormatError, parsePublicKey } from "../src/index.js";
import { encodePem } from "../src/pem.js";
import { FIXTURE_PASSPHRASE } from "./support/constants.js";
import { codeOf, expectNoSecrets, seenErrors } from "./support/errors.js";
import { bytes, text } from "./support/fixtures.js";

const CANONICAL =
  /^-----BEGIN PUBLIC KEY-----\n(?:[A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/;

describe("parsePublicKey accepts RSA public keys in every common form", () => {
  it.each([2048, 3072, 4096])("reads openssl's %i-bit SPKI PEM unchanged", (bits) => {
    const pem = text(`rsa${bits}.pub.pem`);
    const info = parsePublicKey(pem);
    expect(info.pem).toBe(pem);
    expect(info.pem).toMatch(CANONICAL);
    expect(info.modulusBits).toBe(bits);
    expect(info.publicExponent).toBe(65537);
    expect(Buffer.from(info.der)).toEqual(Buffer.from(bytes(`rsa${bits}.pub.der`)));
  });

  it("converts PKCS#1 RSA PUBLIC KEY PEM and DER to the same SPKI", () => {
    const spki = text("rsa2048.pub.pem");
    expect(text("rsa2048.pkcs1.pub.pem")).toContain("-----BEGIN RSA PUBLIC KEY-----");
    expect(parsePublicKey(text("rsa2048.pkcs1.pub.pem")).pem).toBe(spki);
    expect(parsePublicKey(bytes("rsa2048.pkcs1.pub.der")).pem).toBe(spki);
  });

  it("reads SPKI DER bytes and PEM given as bytes", () => {
    const spki = text("rsa2048.pub.pem");
    expect(parsePublicKey(bytes("rsa2048.pub.der")).pem).toBe(spki);
    expect(parsePublicKey(bytes("rsa2048.pub.pem")).pem).toBe(spki);
    expect(parsePublicKey(Buffer.from(spki)).pem).toBe(spki);
  });

  it("survives copy-paste damage: CRLF, surrounding whitespace and text, literal \\n escapes, quotes, one-line bodies", () => {
    const spki = text("rsa2048.pub.pem");
    const variants = [
      spki.replace(/\n/g, "\r\n"),
      `\n\n   ${spki}\t\n  `,
      JSON.stringify(spki).slice(1, -1), // literal \n escapes, as in an env file
      JSON.stringify(spki), // with the quotes too
      spki.replace(/\n/g, "\\r\\n"),
      `Here is our key:\n${spki}Thanks!`,
      spki.replace(/\n(?!-----END)/g, " ").replace("----- ", "-----\n"), // body joined by spaces
      spki.replace(/([A-Za-z0-9+/=]{64})\n/g, "$1\n   "), // indented lines
    ];
    for (const variant of variants) expect(parsePublicKey(variant).pem).toBe(spki);
  });

  it("accepts SPKI with absent rsaEncryption parameters and re-encodes them as NULL", () => {
    const der = bytes("rsa2048.pub.der");
    // Rebuild the SPKI with AlgorithmIdentifier { rsaEncryption } and no NULL.
    const withoutNull = Buffer.from(der)
      .toString("hex")
      .replace("300d06092a864886f70d0101010500", "300b06092a864886f70d010101");
    const inner = Buffer.from(withoutNull, "hex").subarray(4); // drop the outer SEQUENCE header (30 82 01 22)
    const outer = Buffer.concat([
      Buffer.from([0x30, 0x82, inner.length >> 8, inner.length & 0xff]),
      inner,
    ]);
    expect(parsePublicKey(new Uint8Array(outer)).pem).toBe(text("rsa2048.pub.pem"));
  });

  it("agrees with node:crypto for keys it generates", () => {
    for (const publicExponent of [3, 17, 65537]) {
      const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent });
      const pem = publicKey.export({ type: "spki", format: "pem" }) as string;
      const info = parsePublicKey(pem);
      expect(info.pem).toBe(pem);
      expect(info.publicExponent).toBe(publicExponent);
      expect(createPublicKey(info.pem).equals(publicKey)).toBe(true);
    }
  });
});

describe("parsePublicKey refuses everything else with the exact code", () => {
  it.each([
    ["rsa2048.pem", "PKCS#8 private key"],
    ["rsa2048.pkcs1.pem", "PKCS#1 private key"],
    ["pbes2-aes256-sha256.pem", "encrypted PKCS#8"],
    ["legacy-des3.pem", "legacy encrypted PEM"],
    ["ec.pem", "EC private key"],
    ["ec.sec1.pem", "SEC1 EC PRIVATE KEY"],
    ["ed25519.pem", "Ed25519 private key"],
  ])("%s (%s) → PRIVATE_KEY", (name) => {
    const error = codeOf(() => parsePublicKey(text(name)), "PRIVATE_KEY");
    expect(error.message).toContain("openssl pkey -in private.pem -pubout -out public.pem");
  });

  it.each(["rsa2048.der", "rsa2048.pkcs1.der", "pbes2-aes256-sha256.der"])(
    "%s as DER → PRIVATE_KEY",
    (name) => {
      codeOf(() => parsePublicKey(bytes(name)), "PRIVATE_KEY");
    },
  );

  it("refuses a file holding both halves with PRIVATE_KEY", () => {
    codeOf(() => parsePublicKey(text("rsa2048.pub.pem") + text("rsa2048.pem")), "PRIVATE_KEY");
  });

  it("trusts the structure over the label: a private key under a PUBLIC KEY label → PRIVATE_KEY", () => {
    codeOf(() => parsePublicKey(encodePem("PUBLIC KEY", bytes("rsa2048.der"))), "PRIVATE_KEY");
    codeOf(
      () => parsePublicKey(encodePem("PUBLIC KEY", bytes("rsa2048.pkcs1.der"))),
      "PRIVATE_KEY",
    );
  });

  it("certificates and requests → CERTIFICATE with the extraction command", () => {
    const error = codeOf(() => parsePublicKey(text("cert.pem")), "CERTIFICATE");
    expect(error.message).toContain("openssl x509 -in cert.pem -pubkey -noout");
    codeOf(() => parsePublicKey(bytes("cert.der")), "CERTIFICATE");
    codeOf(() => parsePublicKey(text("csr.pem")), "CERTIFICATE");
  });

  it.each(["ec.pub.pem", "ed25519.pub.pem", "rsa-pss.pub.pem"])("%s → NOT_RSA", (name) => {
    codeOf(() => parsePublicKey(text(name)), "NOT_RSA");
  });

  it("1024-bit keys → KEY_TOO_SMALL in every form", () => {
    for (const name of ["rsa1024.pub.pem", "rsa1024.pkcs1.pub.pem"]) {
      expect(codeOf(() => parsePublicKey(text(name)), "KEY_TOO_SMALL").message).toContain(
        "1024-bit",
      );
    }
    codeOf(() => parsePublicKey(bytes("rsa1024.pub.der")), "KEY_TOO_SMALL");
  });

  it("a 2047-bit modulus is too small, 2048 is enough", () => {
    const modulus = (bits: number) => {
      const out = new Uint8Array(Math.ceil(bits / 8)).fill(0xff);
      out[0] = (1 << (bits % 8 || 8)) - 1;
      return out;
    };
    const key = (bits: number) =>
      encodePem("RSA PUBLIC KEY", sequence(unsignedInteger(modulus(bits)), smallInteger(65537)));
    codeOf(() => parsePublicKey(key(2047)), "KEY_TOO_SMALL");
    expect(parsePublicKey(key(2048)).modulusBits).toBe(2048);
  });

  it("unusable numbers → MALFORMED (even exponent, exponent 1, even modulus)", () => {
    const odd = new Uint8Array(256).fill(0xff);
    const even = odd.slice();
    even[255] = 0xfe;
    const pem = (n: Uint8Array, e: number) =>
      encodePem("RSA PUBLIC KEY", sequence(unsignedInteger(n), smallInteger(e)));
    codeOf(() => parsePublicKey(pem(odd, 65536)), "MALFORMED");
    codeOf(() => parsePublicKey(pem(odd, 1)), "MALFORMED");
    codeOf(() => parsePublicKey(pem(even, 65537)), "MALFORMED");
  });

  it("no PEM at all → NOT_PEM, with a hint for OpenSSH and JWK text", () => {
    for (const input of ["", "   \n", "hello", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]) {
      codeOf(() => parsePublicKey(input), "NOT_PEM");
    }
    codeOf(() => parsePublicKey(new Uint8Array(0)), "NOT_PEM");
    expect(
      codeOf(() => parsePublicKey("ssh-rsa AAAAB3NzaC1yc2E user@host"), "NOT_PEM").message,
    ).toContain("ssh-keygen");
    expect(codeOf(() => parsePublicKey('{"kty":"RSA"}'), "NOT_PEM").message).toContain("JWK");
  });

  it("wrong input types → NOT_PEM, not a TypeError", () => {
    for (const input of [undefined, null, 42, {}, new ArrayBuffer(4), ["-----BEGIN"]]) {
      codeOf(() => parsePublicKey(input as unknown as string), "NOT_PEM");
    }
  });

  it("unknown PEM labels → NOT_PEM", () => {
    codeOf(
      () => parsePublicKey("-----BEGIN PGP MESSAGE-----\nAAAA\n-----END PGP MESSAGE-----\n"),
      "NOT_PEM",
    );
  });

  it("over 8192 characters or bytes → TOO_LARGE, before any parsing", () => {
    const pem = text("rsa2048.pub.pem");
    codeOf(() => parsePublicKey(pem + " ".repeat(8193 - pem.length)), "TOO_LARGE");
    expect(parsePublicKey(pem + " ".repeat(8192 - pem.length)).pem).toBe(pem);
    codeOf(() => parsePublicKey("x".repeat(100_000)), "TOO_LARGE");
    codeOf(() => parsePublicKey(new Uint8Array(8193)), "TOO_LARGE");
  });

  it("damaged PEM → MALFORMED", () => {
    const pem = text("rsa2048.pub.pem");
    const cases = [
      pem.replace("-----END PUBLIC KEY-----\n", ""), // truncated: no END line
      pem.slice(0, 200), // cut mid-body
      pem.replace("-----END PUBLIC KEY-----", "-----END RSA PUBLIC KEY-----"),
      pem.replace(/A/, "*"), // not base64
      pem.replace(/=*\n-----END/, "\n-----END").replace(/[A-Za-z0-9+/]\n-----END/, "\n-----END"), // bad length
      pem.replace(/\n(?=-----END)/, "\nAAAA\n"), // data after the DER
      "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", // empty
      pem.replace("-----BEGIN PUBLIC KEY-----\n", "-----BEGIN PUBLIC KEY-----\nComment: hi\n\n"),
      pem + pem, // two keys
      pem.replace("\n-----END", "\n-----BEGIN PUBLIC KEY-----\n-----END"),
    ];
    for (const input of cases) codeOf(() => parsePublicKey(input), "MALFORMED");
  });

  it("truncated and bit-flipped DER → MALFORMED (or the key's own size/number errors)", () => {
    const der = bytes("rsa2048.pub.der");
    for (let cut = 0; cut < der.length; cut += 7) {
      codeOf(() => parsePublicKey(der.subarray(0, cut === 0 ? 1 : cut)), "MALFORMED");
    }
    // Every flip in the first 24 bytes (headers, algorithm, the modulus' first octets) ends in
    // a refusal with a fitting code, or in a key that re-encodes to exactly the flipped bytes.
    for (let index = 0; index < 24; index++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = der.slice();
        flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
        let code: string | undefined;
        try {
          parsePublicKey(flipped);
        } catch (error) {
          expect(isKeyFormatError(error)).toBe(true);
          code = (error as KeyFormatError).code;
        }
        if (code === undefined)
          expect(Buffer.from(parsePublicKey(flipped).der)).toEqual(Buffer.from(flipped));
        // A flipped first byte is no longer the SEQUENCE tag: not DER, so read as (binary) text.
        else if (index === 0) expect(code).toBe("NOT_PEM");
        else
          expect(["MALFORMED", "NOT_RSA", "KEY_TOO_SMALL", "PRIVATE_KEY", "CERTIFICATE"]).toContain(
            code,
          );
      }
    }
  });
});

describe("KeyFormatError and isKeyFormatError", () => {
  it("has name, code and a message, and is an Error", () => {
    const error = codeOf(() => parsePublicKey("nope"), "NOT_PEM");
    expect(error).toBeInstanceOf(KeyFormatError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("KeyFormatError");
    expect(String(error)).toMatch(/^KeyFormatError: Found no -----BEGIN line/);
  });

  it("recognises an error from another realm by brand, name and code, and nothing looser", () => {
    const foreign = runInNewContext(`
      const e = new Error('x');
      e.name = 'KeyFormatError';
      e.code = 'NOT_RSA';
      Object.defineProperty(e, Symbol.for('@d360-messaging/keys.error'), { value: true });
      e`) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(foreign instanceof KeyFormatError).toBe(false);
    expect(isKeyFormatError(foreign)).toBe(true);
    const branded = (fields: object) =>
      Object.defineProperty({ message: "x", ...fields }, Symbol.for("@d360-messaging/keys.error"), {
        value: true,
      });
    expect(isKeyFormatError(branded({ name: "KeyFormatError", code: "SOMETHING_ELSE" }))).toBe(
      false,
    );
    expect(isKeyFormatError(branded({ name: "TypeError", code: "NOT_RSA" }))).toBe(false);
    expect(isKeyFormatError({ name: "KeyFormatError", code: "NOT_RSA", message: "x" })).toBe(false);
    expect(isKeyFormatError(new Error("KeyFormatError"))).toBe(false);
    expect(isKeyFormatError(null)).toBe(false);
    expect(isKeyFormatError("KeyFormatError")).toBe(false);
  });

  it("recognises an error thrown by a second copy of the package", async () => {
    // A query string makes the module graph load errors.ts again: another class, as with two
    // installed copies.
    const second = "../src/errors.js?second-copy";
    const copy = (await import(second)) as typeof import("../src/errors.js");
    const error = new copy.KeyFormatError("NOT_RSA", "x");
    expect(copy.KeyFormatError).not.toBe(KeyFormatError);
    expect(error instanceof KeyFormatError).toBe(false);
    expect(isKeyFormatError(error)).toBe(true);
    expect(copy.isKeyFormatError(codeOf(() => parsePublicKey("nope"), "NOT_PEM"))).toBe(true);
  });
});

afterAll(() => {
  const keys = [
    "rsa2048.pem",
    "rsa2048.pkcs1.pem",
    "pbes2-aes256-sha256.pem",
    "legacy-des3.pem",
    "ec.pem",
    "rsa2048.pub.pem",
  ].map(text);
  expectNoSecrets(seenErrors, [FIXTURE_PASSPHRASE], keys);
});
