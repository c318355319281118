// Key files as people really have them, passed as bytes (what a program gets from readFile):
// anything that is not a DER SEQUENCE is read as text, with every rule the string path has.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Oid } from "../src/der/oids.js";
import { octetString, oid, sequence, smallInteger } from "../src/der/writer.js";
import * as web from "../src/index.js";
import * as node from "../src/index.node.js";
import { encodePem } from "../src/pem.js";
import { FIXTURE_PASSPHRASE } from "./support/constants.js";
import { codeOf, expectNoSecrets, rejectsWith, seenErrors } from "./support/errors.js";
import { text } from "./support/fixtures.js";
import { expectDecrypts } from "./support/oaep.js";

const utf8 = (value: string) => new TextEncoder().encode(value);

/** The ways a PEM reaches a file besides a bare .pem, each as the bytes on disk. */
function wrappings(pem: string, variable: string): [string, Uint8Array][] {
  return [
    ["a JSON string (quoted, literal \\n escapes)", utf8(JSON.stringify(pem))],
    ["a JSON document", utf8(JSON.stringify({ [variable]: pem }, null, 2))],
    ["an env line with literal \\n escapes", utf8(`${variable}=${JSON.stringify(pem)}\n`)],
    ["a multi-line env line", utf8(`${variable}="${pem}"\n`)],
    ["prose above and below", utf8(`Hi! Our key, as asked — grüße:\n\n${pem}\nThanks, Ops\n`)],
    ["UTF-8 with a byte-order mark", Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(pem)])],
    [
      "UTF-16LE with a byte-order mark (PowerShell 5's >)",
      Uint8Array.from([0xff, 0xfe, ...Buffer.from(pem, "utf16le")]),
    ],
    ["CRLF line ends", utf8(pem.replace(/\n/g, "\r\n"))],
  ];
}

describe("bytes that are not DER are read as text", () => {
  it.each(wrappings("PUBLIC", "FLOWS_PUBLIC_KEY"))(
    "parsePublicKey reads a public key in %s",
    (_label) => {
      const spki = text("rsa2048.pub.pem");
      const bytes = wrappings(spki, "FLOWS_PUBLIC_KEY").find(([label]) => label === _label)?.[1];
      expect(web.parsePublicKey(bytes as Uint8Array).pem).toBe(spki);
    },
  );

  it.each(wrappings("PRIVATE", "FLOWS_PRIVATE_KEY"))(
    "importPrivateKey and derivePublicKey read a private key in %s",
    async (_label) => {
      const pem = text("pbes2-aes256-sha256.pem");
      const bytes = wrappings(pem, "FLOWS_PRIVATE_KEY").find(([label]) => label === _label)?.[1];
      const options = { passphrase: FIXTURE_PASSPHRASE };
      await expectDecrypts(
        await web.importPrivateKey(bytes as Uint8Array, options),
        text("rsa2048.pub.pem"),
      );
      expect((await node.derivePublicKey(bytes as Uint8Array, options)).pem).toBe(
        text("rsa2048.pub.pem"),
      );
    },
  );

  it("an OpenSSH id_rsa.pub as bytes → NOT_PEM naming the ssh-keygen conversion, which works", () => {
    const dir = mkdtempSync(join(tmpdir(), "d360-keys-ssh-"));
    try {
      const privatePath = join(dir, "id_rsa");
      writeFileSync(privatePath, text("rsa2048.pem"));
      chmodSync(privatePath, 0o600);
      // ssh-keygen, not our code, writes the OpenSSH public key line.
      const line = execFileSync("ssh-keygen", ["-y", "-f", privatePath]);
      expect(line.toString()).toMatch(/^ssh-rsa AAAA/);
      const error = codeOf(() => web.parsePublicKey(new Uint8Array(line)), "NOT_PEM");
      expect(error.message).toContain("OpenSSH public key");
      expect(error.message).toContain("ssh-keygen -e -m PKCS8");
      writeFileSync(join(dir, "key.pub"), line);
      const converted = execFileSync("ssh-keygen", ["-e", "-m", "PKCS8", "-f", "key.pub"], {
        cwd: dir,
      });
      expect(web.parsePublicKey(new Uint8Array(converted)).pem).toBe(text("rsa2048.pub.pem"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("binary that is neither DER nor text → NOT_PEM saying so, never a DER error", async () => {
    const binary = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    const error = codeOf(() => web.parsePublicKey(binary), "NOT_PEM");
    expect(error.message).toContain("neither text nor a DER-encoded key");
    await rejectsWith(web.importPrivateKey(binary), "NOT_PEM");
    // Latin-1 prose (not UTF-8, but no control characters) is still read as text.
    const latin1 = Buffer.concat([
      Buffer.from("Schl\xfcssel:\n", "latin1"),
      Buffer.from(text("rsa2048.pub.pem")),
    ]);
    expect(web.parsePublicKey(new Uint8Array(latin1)).pem).toBe(text("rsa2048.pub.pem"));
  });

  it("DER still goes down the DER path: its first byte is the SEQUENCE tag 0x30", async () => {
    const der = new Uint8Array(
      Buffer.from(text("rsa2048.pub.pem").split("-----")[2] ?? "", "base64"),
    );
    expect(der[0]).toBe(0x30);
    expect(web.parsePublicKey(der).pem).toBe(text("rsa2048.pub.pem"));
    const truncated = codeOf(() => web.parsePublicKey(der.subarray(0, 40)), "MALFORMED");
    expect(truncated.message).toContain("DER");
  });
});

describe("PBKDF2 iteration ceiling", () => {
  const header = (iterations: number) =>
    encodePem(
      "ENCRYPTED PRIVATE KEY",
      sequence(
        sequence(
          oid(Oid.pbes2),
          sequence(
            sequence(
              oid(Oid.pbkdf2),
              sequence(octetString(new Uint8Array(8).fill(1)), smallInteger(iterations)),
            ),
            sequence(oid(Oid.aes256Cbc), octetString(new Uint8Array(16))),
          ),
        ),
        octetString(new Uint8Array(32)),
      ),
    );

  it("is exported as 200,000 and refused above it with the reason, before any PBKDF2 runs", async () => {
    expect(web.MAX_PBKDF2_ITERATIONS).toBe(200_000);
    for (const keys of [web, node]) {
      const error = await rejectsWith(
        keys.importPrivateKey(header(200_001), { passphrase: FIXTURE_PASSPHRASE }),
        "UNSUPPORTED_ENCRYPTION",
      );
      expect(error.message).toContain("200,001 PBKDF2 iterations");
      expect(error.message).toContain("more than 200,000 are refused");
      expect(error.message).toContain("-iter 100000");
      // Refused even without a passphrase: the file itself is unusable here.
      await rejectsWith(keys.importPrivateKey(header(10_000_000)), "UNSUPPORTED_ENCRYPTION");
    }
    // At the ceiling it is read and decrypted: the wrong (zero) ciphertext is a bad passphrase.
    await rejectsWith(
      web.importPrivateKey(header(200_000), { passphrase: FIXTURE_PASSPHRASE }),
      "BAD_PASSPHRASE",
    );
  });

  it("a real key OpenSSL wrote with 200,000 iterations imports", async () => {
    const pem = execFileSync(
      "openssl",
      ["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256"].concat([
        "-iter",
        "200000",
        "-passout",
        "env:P",
      ]),
      { input: text("rsa2048.pem"), env: { ...process.env, P: FIXTURE_PASSPHRASE } },
    ).toString();
    await expectDecrypts(
      await web.importPrivateKey(pem, { passphrase: FIXTURE_PASSPHRASE }),
      text("rsa2048.pub.pem"),
    );
  });
});

describe("an object shaped like a CryptoKey that is not one", () => {
  it("→ NOT_PEM, never a TypeError, and never returned as if usable", async () => {
    const real = await crypto.subtle.generateKey(
      {
        name: "RSA-OAEP",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["encrypt", "decrypt"],
    );
    const { type, extractable, algorithm, usages } = real.privateKey;
    const shapes = [
      { type, extractable, algorithm, usages }, // what would be returned as is before
      { type, extractable: true, algorithm: { name: "RSA-OAEP", modulusLength: 2048 }, usages },
      {
        type: "private",
        extractable: true,
        algorithm: { name: "RSA-OAEP", modulusLength: 2048, hash: { name: "SHA-1" } },
        usages: [],
      },
    ];
    for (const keys of [web, node])
      for (const shape of shapes) {
        const error = await rejectsWith(keys.importPrivateKey(shape as CryptoKey), "NOT_PEM");
        expect(error.message).toContain("shaped like a CryptoKey");
      }
  });
});

describe("found: what was found without advice in this package's terms", () => {
  it("is set for the refusals whose advice names a function, and is the start of the message", async () => {
    const errors = [
      codeOf(() => web.parsePublicKey(text("rsa2048.pem")), "PRIVATE_KEY"),
      codeOf(() => web.parsePublicKey(text("ec.pub.pem")), "NOT_RSA"),
      codeOf(() => web.parsePublicKey(text("rsa1024.pub.pem")), "KEY_TOO_SMALL"),
      await rejectsWith(
        web.importPrivateKey(text("pbes2-aes256-sha256.pem")),
        "PASSPHRASE_REQUIRED",
      ),
      await rejectsWith(web.importPrivateKey(text("ec.pem")), "NOT_RSA"),
      await rejectsWith(web.importPrivateKey({ kty: "EC" }), "NOT_RSA"),
      codeOf(() => web.parsePublicKey('{"kty":"RSA"}'), "NOT_PEM"),
    ];
    for (const error of errors) {
      const { found } = error as web.KeyFormatError;
      expect(found).toBeDefined();
      expect(error.message.startsWith(found as string)).toBe(true);
      expect(error.message.length).toBeGreaterThan((found as string).length);
      expect(found).not.toMatch(/\(\)|\{ passphrase \}|importPrivateKey|generateKeyPair/);
    }
    // The message keeps the library advice for library users.
    expect(errors[3]?.message).toContain("{ passphrase }");
  });
});

afterAll(() => {
  expectNoSecrets(
    seenErrors,
    [FIXTURE_PASSPHRASE],
    ["rsa2048.pem", "pbes2-aes256-sha256.pem", "ec.pem"].map(text),
  );
});
