import { execFileSync } from "node:child_process";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  derivePublicKey,
  generateKeyPair,
  importPrivateKey,
  KeyFormatError,
  parsePublicKey,
  publicKeyFingerprint,
} from "../src/index.js";
import { expectNoSecrets, rejectsWith, seenErrors } from "./support/errors.js";
import { expectDecrypts } from "./support/oaep.js";

const PASSPHRASE = "generated-Passphrase-3Jm8 ünïcödé";

/** Runs openssl with the passphrase in the environment (never on the command line or in output). */
function openssl(args: string[], input: string): string {
  return execFileSync("openssl", args, {
    input,
    env: { ...process.env, KEY_PASS: PASSPHRASE },
    stdio: ["pipe", "pipe", "pipe"],
  }).toString();
}

let plain: Awaited<ReturnType<typeof generateKeyPair>>;
let encrypted: Awaited<ReturnType<typeof generateKeyPair>>;

describe("generateKeyPair", () => {
  beforeAll(async () => {
    [plain, encrypted] = await Promise.all([
      generateKeyPair(),
      generateKeyPair({ passphrase: PASSPHRASE }),
    ]);
  });

  it("writes a 2048-bit SPKI public key and a PKCS#8 private key in canonical PEM", () => {
    const info = parsePublicKey(plain.publicKeyPem);
    expect(info.pem).toBe(plain.publicKeyPem);
    expect(info.modulusBits).toBe(2048);
    expect(info.publicExponent).toBe(65537);
    expect(plain.privateKeyPem).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n$/,
    );
  });

  it("openssl pkey reads both outputs, and they are one pair", () => {
    const fromPrivate = openssl(["pkey", "-pubout"], plain.privateKeyPem);
    expect(fromPrivate).toBe(plain.publicKeyPem);
    expect(openssl(["pkey", "-pubin", "-pubout"], plain.publicKeyPem)).toBe(plain.publicKeyPem);
    expect(openssl(["pkey", "-noout", "-text"], plain.privateKeyPem)).toContain(
      "Private-Key: (2048 bit, 2 primes)",
    );
  });

  it("the imported private key decrypts what node:crypto encrypts to the public key", async () => {
    await expectDecrypts(await importPrivateKey(plain.privateKeyPem), plain.publicKeyPem);
    expect((await derivePublicKey(plain.privateKeyPem)).pem).toBe(plain.publicKeyPem);
  });

  it("with a passphrase: PBES2, PBKDF2-HMAC-SHA256 at 100,000 iterations, AES-256-CBC, as openssl reports it", () => {
    expect(encrypted.privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const structure = openssl(["asn1parse"], encrypted.privateKeyPem);
    expect(structure).toContain(":PBES2");
    expect(structure).toContain(":PBKDF2");
    expect(structure).toContain(":hmacWithSHA256");
    expect(structure).toContain(":aes-256-cbc");
    expect(structure).toMatch(/INTEGER\s+:0186A0\b/); // 100,000 iterations
    expect(structure).not.toContain(PASSPHRASE);
  });

  it("openssl pkey and node:crypto decrypt the encrypted key with the passphrase (UTF-8), and fail without it", () => {
    expect(openssl(["pkey", "-passin", "env:KEY_PASS", "-pubout"], encrypted.privateKeyPem)).toBe(
      encrypted.publicKeyPem,
    );
    const key = createPrivateKey({ key: encrypted.privateKeyPem, passphrase: PASSPHRASE });
    expect(createPublicKey(key).export({ type: "spki", format: "pem" })).toBe(
      encrypted.publicKeyPem,
    );
    expect(() => createPrivateKey({ key: encrypted.privateKeyPem, passphrase: "wrong" })).toThrow();
  });

  it("importPrivateKey opens the encrypted key with the passphrase only", async () => {
    await expectDecrypts(
      await importPrivateKey(encrypted.privateKeyPem, { passphrase: PASSPHRASE }),
      encrypted.publicKeyPem,
    );
    await rejectsWith(importPrivateKey(encrypted.privateKeyPem), "PASSPHRASE_REQUIRED");
    await rejectsWith(
      importPrivateKey(encrypted.privateKeyPem, { passphrase: `${PASSPHRASE}x` }),
      "BAD_PASSPHRASE",
    );
  });

  it("each call makes a new key, salt and IV", async () => {
    const again = await generateKeyPair({ passphrase: PASSPHRASE });
    expect(await publicKeyFingerprint(again.publicKeyPem)).not.toBe(
      await publicKeyFingerprint(encrypted.publicKeyPem),
    );
    const salts = [again, encrypted].map(
      (pair) =>
        openssl(["asn1parse"], pair.privateKeyPem).match(
          /OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/,
        )?.[1],
    );
    expect(salts[0]).toMatch(/^[0-9A-F]{32}$/);
    expect(salts[0]).not.toBe(salts[1]);
  });

  it("honours modulusBits", async () => {
    const pair = await generateKeyPair({ modulusBits: 3072 });
    expect(parsePublicKey(pair.publicKeyPem).modulusBits).toBe(3072);
    expect(openssl(["pkey", "-noout", "-text"], pair.privateKeyPem)).toContain(
      "Private-Key: (3072 bit, 2 primes)",
    );
  });

  it("refuses sizes under 2048 with KEY_TOO_SMALL and nonsense options with RangeError", async () => {
    await rejectsWith(generateKeyPair({ modulusBits: 1024 }), "KEY_TOO_SMALL");
    for (const modulusBits of [2049, 8200, Number.NaN, 2048.5]) {
      await expect(generateKeyPair({ modulusBits })).rejects.toThrow(RangeError);
    }
    await expect(generateKeyPair({ passphrase: "" })).rejects.toThrow(RangeError);
    await expect(generateKeyPair({ modulusBits: 1024 })).rejects.toBeInstanceOf(KeyFormatError);
  });

  it("refuses a modulusBits that is not a number (a string from env config) with a TypeError", async () => {
    for (const modulusBits of ["3072", "2048", null]) {
      await expect(generateKeyPair({ modulusBits } as never)).rejects.toThrow(
        new TypeError(
          `modulusBits must be a number, got ${typeof modulusBits}; convert it first, e.g. Number(process.env.KEY_BITS).`,
        ),
      );
    }
  });
});

afterAll(() => {
  expect(seenErrors.length).toBeGreaterThan(0);
  expectNoSecrets(seenErrors, [PASSPHRASE], [plain.privateKeyPem, encrypted.privateKeyPem]);
});
