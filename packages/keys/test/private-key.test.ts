import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Oid } from "../src/der/oids.js";
import { Tag } from "../src/der/tags.js";
import {
  nullValue,
  octetString,
  oid,
  sequence,
  smallInteger,
  tlv,
  unsignedInteger,
} from "../src/der/writer.js";
import { identifyDer } from "../src/identify.js";
import * as web from "../src/index.js";
import * as node from "../src/index.node.js";
import { concatBytes } from "../src/internal/bytes.js";
import { encodePem } from "../src/pem.js";
import { FIXTURE_PASSPHRASE, WRONG_PASSPHRASE } from "./support/constants.js";
import { expectNoSecrets, rejectsWith, seenErrors } from "./support/errors.js";
import { bytes, text } from "./support/fixtures.js";
import { expectDecrypts } from "./support/oaep.js";

const pass = { passphrase: FIXTURE_PASSPHRASE };
const wrong = { passphrase: WRONG_PASSPHRASE };
const CONVERT =
  "openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 100000 -in old.pem -out new.pem";

const builds = [
  ["web", web],
  ["node", node],
] as const;

describe.each(builds)("importPrivateKey (%s build)", (_name, keys) => {
  const publicPem = () => text("rsa2048.pub.pem");

  it.each([
    ["PKCS#8 PEM", () => text("rsa2048.pem")],
    ["PKCS#8 DER", () => bytes("rsa2048.der")],
    ["PKCS#1 PEM", () => text("rsa2048.pkcs1.pem")],
    ["PKCS#1 DER", () => bytes("rsa2048.pkcs1.der")],
    ["PKCS#8 PEM as bytes", () => bytes("rsa2048.pem")],
    ["PKCS#8 PEM with literal \\n escapes", () => JSON.stringify(text("rsa2048.pem")).slice(1, -1)],
    ["PKCS#1 PEM with CRLF", () => text("rsa2048.pkcs1.pem").replace(/\n/g, "\r\n")],
  ])("imports %s", async (_label, input) => {
    await expectDecrypts(await keys.importPrivateKey(input()), publicPem());
  });

  it.each([
    ["PBES2 AES-256-CBC, HMAC-SHA256", "pbes2-aes256-sha256.pem"],
    ["PBES2 AES-128-CBC, HMAC-SHA1", "pbes2-aes128-sha1.pem"],
    ["PBES2 AES-192-CBC, HMAC-SHA512", "pbes2-aes192-sha512.pem"],
  ])("imports encrypted PKCS#8: %s", async (_label, name) => {
    await expectDecrypts(await keys.importPrivateKey(text(name), pass), publicPem());
    await rejectsWith(keys.importPrivateKey(text(name), wrong), "BAD_PASSPHRASE");
    await rejectsWith(keys.importPrivateKey(text(name)), "PASSPHRASE_REQUIRED");
  });

  it("imports encrypted PKCS#8 DER", async () => {
    await expectDecrypts(
      await keys.importPrivateKey(bytes("pbes2-aes256-sha256.der"), pass),
      publicPem(),
    );
  });

  it("imports 3072- and 4096-bit keys, and a 4096-bit encrypted PEM with escapes fits the size limit", async () => {
    await expectDecrypts(await keys.importPrivateKey(text("rsa3072.pem")), text("rsa3072.pub.pem"));
    const escaped = JSON.stringify(text("rsa4096.pbes2.pem")).slice(1, -1);
    expect(escaped.length).toBeGreaterThan(3300);
    expect(escaped.length).toBeLessThan(16384 / 4);
    await expectDecrypts(await keys.importPrivateKey(escaped, pass), text("rsa4096.pub.pem"));
  });

  it("a PBES2 key with an HMAC WebCrypto lacks (SHA-224) → UNSUPPORTED_ENCRYPTION", async () => {
    const error = await rejectsWith(
      keys.importPrivateKey(text("pbes2-aes256-sha224.pem"), pass),
      "UNSUPPORTED_ENCRYPTION",
    );
    expect(error.message).toContain(CONVERT);
  });

  it("PBES1 (PKCS#12 PBE-SHA1-3DES) → UNSUPPORTED_ENCRYPTION with the conversion command", async () => {
    const error = await rejectsWith(
      keys.importPrivateKey(text("pbes1-sha1-3des.pem"), pass),
      "UNSUPPORTED_ENCRYPTION",
    );
    expect(error.message).toContain(CONVERT);
  });

  it("JWK: private RSA JWK imports (alg and key_ops ignored); public, EC and incomplete ones are refused", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = privateKey.export({ format: "jwk" }) as JsonWebKey;
    const pem = publicKey.export({ type: "spki", format: "pem" }) as string;
    await expectDecrypts(await keys.importPrivateKey(jwk), pem);
    await expectDecrypts(
      await keys.importPrivateKey({ ...jwk, alg: "RS256", key_ops: ["sign"] }),
      pem,
    );
    await rejectsWith(
      keys.importPrivateKey(publicKey.export({ format: "jwk" }) as JsonWebKey),
      "NOT_PEM",
    );
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      format: "jwk",
    }) as JsonWebKey;
    await rejectsWith(keys.importPrivateKey(ec), "NOT_RSA");
    const { qi: _qi, ...withoutQi } = jwk;
    await rejectsWith(keys.importPrivateKey(withoutQi), "MALFORMED");
    await rejectsWith(keys.importPrivateKey({ ...jwk, n: "not base64url!" }), "MALFORMED");
    await rejectsWith(keys.importPrivateKey({ ...jwk, n: `${jwk.n}`.repeat(50) }), "TOO_LARGE");
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
      format: "jwk",
    }) as JsonWebKey;
    await rejectsWith(keys.importPrivateKey(small), "KEY_TOO_SMALL");
  });

  it("extractable: false by default; true exports the same key node:crypto reads", async () => {
    const plain = await keys.importPrivateKey(text("pbes2-aes256-sha256.pem"), pass);
    expect(plain.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("pkcs8", plain)).rejects.toThrow();
    const key = await keys.importPrivateKey(text("pbes2-aes256-sha256.pem"), {
      ...pass,
      extractable: true,
    });
    expect(key.extractable).toBe(true);
    expect(key.usages).toEqual(["decrypt"]);
    const exported = new Uint8Array(await crypto.subtle.exportKey("pkcs8", key));
    // node:crypto, an independent reader, sees the key whose public half is the fixture's.
    const spki = createPublicKey(
      createPrivateKey({ key: Buffer.from(exported), format: "der", type: "pkcs8" }),
    ).export({ type: "spki", format: "pem" });
    expect(spki).toBe(createPublicKey(publicPem()).export({ type: "spki", format: "pem" }));
  });

  it("extractable: anything but a boolean is a TypeError naming the option", async () => {
    for (const extractable of ["true", "false", 1, null]) {
      await expect(
        keys.importPrivateKey(text("rsa2048.pem"), { extractable } as never),
      ).rejects.toThrow(/options\.extractable must be true or false/);
    }
  });

  it("CryptoKey: returns an RSA-OAEP/SHA-256 decrypt key as is, re-imports other extractable RSA keys", async () => {
    const pair = await crypto.subtle.generateKey(
      {
        name: "RSA-OAEP",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      false,
      ["encrypt", "decrypt"],
    );
    expect(await keys.importPrivateKey(pair.privateKey)).toBe(pair.privateKey);
    const sha1 = await crypto.subtle.generateKey(
      {
        name: "RSA-OAEP",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-1",
      },
      true,
      ["encrypt", "decrypt"],
    );
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", sha1.publicKey));
    const reimported = await keys.importPrivateKey(sha1.privateKey);
    expect(reimported).not.toBe(sha1.privateKey);
    await expectDecrypts(reimported, encodePem("PUBLIC KEY", spki));
  });

  it("CryptoKey: refuses public, non-RSA, small and non-extractable mismatched keys", async () => {
    const rsa = (
      name: string,
      bits: number,
      hash: string,
      extractable: boolean,
      usages: KeyUsage[],
    ) =>
      crypto.subtle.generateKey(
        { name, modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash },
        extractable,
        usages,
      ) as Promise<CryptoKeyPair>;
    const oaep = await rsa("RSA-OAEP", 2048, "SHA-256", false, ["encrypt", "decrypt"]);
    await rejectsWith(keys.importPrivateKey(oaep.publicKey), "NOT_PEM");
    const pss = await rsa("RSA-PSS", 2048, "SHA-256", false, ["sign", "verify"]);
    await rejectsWith(keys.importPrivateKey(pss.privateKey), "NOT_RSA");
    const small = await rsa("RSA-OAEP", 1024, "SHA-256", false, ["encrypt", "decrypt"]);
    await rejectsWith(keys.importPrivateKey(small.privateKey), "KEY_TOO_SMALL");
    const ec = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    await rejectsWith(keys.importPrivateKey(ec.privateKey), "NOT_RSA");
    const aes = (await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
      "encrypt",
    ])) as CryptoKey;
    await rejectsWith(keys.importPrivateKey(aes), "NOT_RSA");
  });

  it.each([
    ["ec.pem", "NOT_RSA"],
    ["ec.sec1.pem", "NOT_RSA"],
    ["ed25519.pem", "NOT_RSA"],
    ["rsa-pss.pem", "NOT_RSA"],
    ["rsa1024.pem", "KEY_TOO_SMALL"],
    ["rsa1024.pkcs1.pem", "KEY_TOO_SMALL"],
    ["rsa2048.pub.pem", "NOT_PEM"],
    ["rsa2048.pkcs1.pub.pem", "NOT_PEM"],
    ["cert.pem", "CERTIFICATE"],
    ["csr.pem", "CERTIFICATE"],
  ] as const)("%s → %s", async (name, code) => {
    await rejectsWith(keys.importPrivateKey(text(name), pass), code);
  });

  it("DER that is not a usable private key gets the same codes", async () => {
    await rejectsWith(keys.importPrivateKey(bytes("rsa2048.pub.der")), "NOT_PEM");
    await rejectsWith(keys.importPrivateKey(bytes("cert.der")), "CERTIFICATE");
    await rejectsWith(keys.importPrivateKey(bytes("rsa1024.der")), "KEY_TOO_SMALL");
    await rejectsWith(
      keys.importPrivateKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])),
      "MALFORMED",
    );
  });

  it("an encrypted EC key → PASSPHRASE_REQUIRED without a passphrase, NOT_RSA with it", async () => {
    await rejectsWith(keys.importPrivateKey(text("ec.pbes2.pem")), "PASSPHRASE_REQUIRED");
    await rejectsWith(keys.importPrivateKey(text("ec.pbes2.pem"), pass), "NOT_RSA");
  });

  it("an OpenSSH private key → NOT_PEM with the ssh-keygen conversion", async () => {
    const openssh =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    const error = await rejectsWith(keys.importPrivateKey(openssh), "NOT_PEM");
    expect(error.message).toContain("ssh-keygen -p -m PKCS8");
  });

  it("two private keys in one input → MALFORMED; a private key next to its public key is fine", async () => {
    await rejectsWith(
      keys.importPrivateKey(text("rsa2048.pem") + text("rsa3072.pem")),
      "MALFORMED",
    );
    await expectDecrypts(
      await keys.importPrivateKey(text("rsa2048.pub.pem") + text("rsa2048.pem")),
      publicPem(),
    );
  });

  it("over 16384 characters → TOO_LARGE", async () => {
    const pem = text("rsa2048.pem");
    await rejectsWith(keys.importPrivateKey(pem + " ".repeat(16385 - pem.length)), "TOO_LARGE");
    await expectDecrypts(
      await keys.importPrivateKey(pem + " ".repeat(16384 - pem.length)),
      publicPem(),
    );
    await rejectsWith(keys.importPrivateKey(new Uint8Array(16385)), "TOO_LARGE");
  });

  it("truncated keys → MALFORMED", async () => {
    const der = bytes("rsa2048.der");
    for (const cut of [1, 2, 10, 26, 100, der.length - 1]) {
      await rejectsWith(keys.importPrivateKey(der.subarray(0, cut)), "MALFORMED");
    }
    await rejectsWith(keys.importPrivateKey(text("rsa2048.pem").slice(0, 900)), "MALFORMED");
  });

  it("a private number damaged inside a well-formed structure → MALFORMED (RFC 8017 §3.2 relations)", async () => {
    const der = bytes("rsa2048.pkcs1.der");
    // One flipped bit inside d, a prime or a CRT number leaves the DER valid; flipping every
    // 50th byte position from past the modulus to the end covers all of them.
    for (let offset = 280; offset < der.length; offset += 50) {
      const flipped = der.slice();
      flipped[offset] = (flipped[offset] ?? 0) ^ 0x10;
      await rejectsWith(keys.importPrivateKey(flipped), "MALFORMED");
    }
  });

  it("damaged ciphertext of an encrypted key → BAD_PASSPHRASE (indistinguishable from a wrong one)", async () => {
    const der = bytes("pbes2-aes256-sha256.der");
    // Near the end the padding breaks; in the middle a garbled block lands inside a number and
    // the DER stays valid, which the RSA relations catch.
    for (const offset of [der.length - 20, der.length - 600, der.length - 1000]) {
      const flipped = der.slice();
      flipped[offset] = (flipped[offset] ?? 0) ^ 0x01;
      await rejectsWith(keys.importPrivateKey(flipped, pass), "BAD_PASSPHRASE");
    }
  });

  it("wrong input types → NOT_PEM; a non-string passphrase is a TypeError", async () => {
    for (const input of [undefined, null, 7, new ArrayBuffer(8)]) {
      await rejectsWith(keys.importPrivateKey(input as unknown as string), "NOT_PEM");
    }
    await expect(
      keys.importPrivateKey(text("rsa2048.pem"), { passphrase: 7 as unknown as string }),
    ).rejects.toThrow(TypeError);
  });

  it("reads RFC 5958 OneAsymmetricKey (version 1, attributes, [1] publicKey)", async () => {
    const pkcs1 = bytes("rsa2048.pkcs1.der");
    const rsaPublicKey = new Uint8Array(
      createPublicKey(text("rsa2048.pub.pem")).export({ type: "pkcs1", format: "der" }),
    );
    const der = sequence(
      smallInteger(1),
      sequence(oid(Oid.rsaEncryption), nullValue()),
      octetString(pkcs1),
      tlv(
        Tag.CONTEXT_0,
        sequence(oid("1.2.840.113549.1.9.20"), tlv(Tag.SET, octetString(new Uint8Array(2)))),
      ),
      tlv(Tag.CONTEXT_1_PRIMITIVE, concatBytes([Uint8Array.of(0), rsaPublicKey])),
    );
    expect(identifyDer(der)).toBe("pkcs8");
    await expectDecrypts(await keys.importPrivateKey(encodePem("PRIVATE KEY", der)), publicPem());
  });

  it("a crafted PKCS#1 key of multi-prime version 1 → MALFORMED", async () => {
    const n = new Uint8Array(256).fill(0xff);
    const der = sequence(smallInteger(1), ...Array.from({ length: 8 }, () => unsignedInteger(n)));
    await rejectsWith(keys.importPrivateKey(encodePem("RSA PRIVATE KEY", der)), "MALFORMED");
  });
});

describe("formats only the Node build decrypts", () => {
  it.each([
    ["PBES2 DES-EDE3-CBC (HMAC-SHA1)", "pbes2-des3.pem"],
    ["PBES2 DES-EDE3-CBC (HMAC-SHA256)", "pbes2-des3-sha256.pem"],
    ["legacy PEM, DES-EDE3-CBC", "legacy-des3.pem"],
    ["legacy PEM, AES-128-CBC", "legacy-aes128.pem"],
    ["legacy PEM, AES-192-CBC", "legacy-aes192.pem"],
    ["legacy PEM, AES-256-CBC", "legacy-aes256.pem"],
  ])("%s: Node imports it, the web build names the conversion", async (_label, name) => {
    const pem = text(name);
    if (name.startsWith("legacy")) expect(pem).toMatch(/Proc-Type: 4,ENCRYPTED\nDEK-Info: /);
    await expectDecrypts(await node.importPrivateKey(pem, pass), text("rsa2048.pub.pem"));
    await rejectsWith(node.importPrivateKey(pem, wrong), "BAD_PASSPHRASE");
    await rejectsWith(node.importPrivateKey(pem), "PASSPHRASE_REQUIRED");
    for (const options of [pass, undefined]) {
      const error = await rejectsWith(web.importPrivateKey(pem, options), "UNSUPPORTED_ENCRYPTION");
      expect(error.message).toContain(CONVERT);
    }
  });

  it("the conversion command really produces a key the web build imports", async () => {
    const { execFileSync } = await import("node:child_process");
    const converted = execFileSync(
      "openssl",
      [
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-v2prf",
        "hmacWithSHA256",
        "-iter",
        "100000",
        "-passin",
        "env:P",
        "-passout",
        "env:P",
      ],
      { input: text("legacy-des3.pem"), env: { ...process.env, P: FIXTURE_PASSPHRASE } },
    ).toString();
    await expectDecrypts(await web.importPrivateKey(converted, pass), text("rsa2048.pub.pem"));
  });

  it("legacy PEM with an unknown cipher or a bad IV is refused with a code, never a crash", async () => {
    const pem = text("legacy-des3.pem");
    await rejectsWith(
      node.importPrivateKey(pem.replace("DES-EDE3-CBC", "CAMELLIA-256-CBC"), pass),
      "UNSUPPORTED_ENCRYPTION",
    );
    await rejectsWith(
      node.importPrivateKey(pem.replace(/DES-EDE3-CBC,[0-9A-F]+/, "DES-EDE3-CBC,XYZ"), pass),
      "MALFORMED",
    );
    await rejectsWith(
      node.importPrivateKey(pem.replace("4,ENCRYPTED", "4,MIC-ONLY"), pass),
      "MALFORMED",
    );
  });
});

// Resolved from this file: packages/keys/test → the repository root → vectors/.
const VECTOR = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../vectors/flows-captured.json",
);
const haveVector = existsSync(VECTOR);
// The vector is part of the repository: a missing file is a failure, not a reason to skip.
if (!haveVector) throw new Error("vectors/flows-captured.json is missing; restore it from git");

describe.skipIf(!haveVector)(
  "the captured WhatsApp Flows vector (PBES2 + DES-EDE3-CBC, passphrase from the vector)",
  () => {
    const vector = () =>
      JSON.parse(readFileSync(VECTOR, "utf8")) as {
        privateKeyPem: string;
        passphrase: string;
        aesKeyHex: string;
        request: { encrypted_aes_key: string };
      };

    it("the Node build imports the key and it decrypts the request's AES key", async () => {
      const v = vector();
      const key = await node.importPrivateKey(v.privateKeyPem, { passphrase: v.passphrase });
      const aesKey = await crypto.subtle.decrypt(
        { name: "RSA-OAEP" },
        key,
        Buffer.from(v.request.encrypted_aes_key, "base64"),
      );
      expect(Buffer.from(aesKey).toString("hex")).toBe(v.aesKeyHex);
      // And the public half agrees with OpenSSL's reading of the same key.
      const derived = await node.derivePublicKey(v.privateKeyPem, { passphrase: v.passphrase });
      const reference = createPublicKey(
        createPrivateKey({ key: v.privateKeyPem, passphrase: v.passphrase }),
      );
      expect(derived.pem).toBe(reference.export({ type: "spki", format: "pem" }));
    });

    it("the web build source refuses it with UNSUPPORTED_ENCRYPTION and the conversion command", async () => {
      const v = vector();
      const error = await rejectsWith(
        web.importPrivateKey(v.privateKeyPem, { passphrase: v.passphrase }),
        "UNSUPPORTED_ENCRYPTION",
      );
      expect(error.message).toContain(CONVERT);
      expect(error.message).toContain("DES-EDE3-CBC");
    });

    it("the built web bundle (dist/index.js) refuses it the same way", async () => {
      const v = vector();
      const dist = (await import("../dist/index.js")) as typeof web;
      const error = await rejectsWith(
        dist.importPrivateKey(v.privateKeyPem, { passphrase: v.passphrase }),
        "UNSUPPORTED_ENCRYPTION",
      );
      expect(error.message).toContain(CONVERT);
    });
  },
);

afterAll(() => {
  const keyFiles = [
    "rsa2048.pem",
    "rsa2048.pkcs1.pem",
    "pbes2-aes256-sha256.pem",
    "pbes2-des3.pem",
    "legacy-des3.pem",
    "legacy-aes256.pem",
    "ec.pem",
    "rsa4096.pbes2.pem",
  ];
  const keyTexts = keyFiles.map(text);
  const passphrases = [FIXTURE_PASSPHRASE, WRONG_PASSPHRASE];
  if (haveVector) {
    const v = JSON.parse(readFileSync(VECTOR, "utf8")) as { privateKeyPem: string };
    keyTexts.push(v.privateKeyPem);
  }
  expectNoSecrets(seenErrors, passphrases, keyTexts);
});
