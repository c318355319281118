import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { derivePublicKey, parsePublicKey, publicKeyFingerprint } from "../src/index.js";
import * as node from "../src/index.node.js";
import { FIXTURE_PASSPHRASE } from "./support/constants.js";
import { expectNoSecrets, rejectsWith, seenErrors } from "./support/errors.js";
import { bytes, text } from "./support/fixtures.js";

/** The fingerprint computed without our code: OpenSSL writes the SPKI DER, node:crypto hashes it. */
function opensslFingerprint(privateKeyPem: string): string {
  const der = execFileSync("openssl", ["pkey", "-pubout", "-outform", "DER"], {
    input: privateKeyPem,
  });
  return `SHA256:${createHash("sha256").update(der).digest("base64").replace(/=+$/, "")}`;
}

describe("publicKeyFingerprint", () => {
  it.each([2048, 3072, 4096])(
    "is identical for SPKI, PKCS#1, DER, PublicKeyInfo and derived forms (%i bits), and equals OpenSSL's",
    async (bits) => {
      const expected = opensslFingerprint(text(`rsa${bits}.pem`));
      expect(expected).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      const forms = [
        text(`rsa${bits}.pub.pem`),
        text(`rsa${bits}.pkcs1.pub.pem`),
        bytes(`rsa${bits}.pub.der`),
        bytes(`rsa${bits}.pkcs1.pub.der`),
        parsePublicKey(text(`rsa${bits}.pub.pem`)),
        await derivePublicKey(text(`rsa${bits}.pem`)),
        await derivePublicKey(text(`rsa${bits}.pkcs1.pem`)),
      ];
      for (const form of forms) expect(await publicKeyFingerprint(form)).toBe(expected);
    },
  );

  it("differs between keys", async () => {
    expect(await publicKeyFingerprint(text("rsa2048.pub.pem"))).not.toBe(
      await publicKeyFingerprint(text("rsa3072.pub.pem")),
    );
  });

  it("rejects what parsePublicKey refuses, including a forged PublicKeyInfo", async () => {
    await rejectsWith(publicKeyFingerprint(text("rsa2048.pem")), "PRIVATE_KEY");
    await rejectsWith(publicKeyFingerprint(text("rsa1024.pub.pem")), "KEY_TOO_SMALL");
    const forged = { ...parsePublicKey(text("rsa2048.pub.pem")), der: bytes("rsa1024.pub.der") };
    await rejectsWith(publicKeyFingerprint(forged), "KEY_TOO_SMALL");
  });
});

describe("derivePublicKey", () => {
  it.each([
    ["PKCS#8", "rsa2048.pem", undefined],
    ["PKCS#1", "rsa2048.pkcs1.pem", undefined],
    ["PKCS#8 DER", "rsa2048.der", undefined],
    ["encrypted PKCS#8", "pbes2-aes256-sha256.pem", FIXTURE_PASSPHRASE],
  ])("returns openssl's public key for %s", async (_label, name, passphrase) => {
    const input = name.endsWith(".der") ? bytes(name) : text(name);
    const info = await derivePublicKey(input, { passphrase });
    expect(info.pem).toBe(text("rsa2048.pub.pem"));
    expect(info.modulusBits).toBe(2048);
    expect(info.publicExponent).toBe(65537);
  });

  it("reads legacy encrypted PEM on Node and refuses it on the web build", async () => {
    const pem = text("legacy-aes256.pem");
    expect((await node.derivePublicKey(pem, { passphrase: FIXTURE_PASSPHRASE })).pem).toBe(
      text("rsa2048.pub.pem"),
    );
    await rejectsWith(
      derivePublicKey(pem, { passphrase: FIXTURE_PASSPHRASE }),
      "UNSUPPORTED_ENCRYPTION",
    );
  });

  it("refuses what importPrivateKey refuses", async () => {
    await rejectsWith(derivePublicKey(text("rsa2048.pub.pem")), "NOT_PEM");
    await rejectsWith(derivePublicKey(text("pbes2-aes256-sha256.pem")), "PASSPHRASE_REQUIRED");
    await rejectsWith(
      derivePublicKey(text("pbes2-aes256-sha256.pem"), { passphrase: "nope" }),
      "BAD_PASSPHRASE",
    );
    await rejectsWith(derivePublicKey(text("ec.pem")), "NOT_RSA");
    await rejectsWith(derivePublicKey(text("rsa1024.pem")), "KEY_TOO_SMALL");
  });
});

afterAll(() => {
  expectNoSecrets(
    seenErrors,
    [FIXTURE_PASSPHRASE],
    ["rsa2048.pem", "pbes2-aes256-sha256.pem", "legacy-aes256.pem", "ec.pem"].map(text),
  );
});
