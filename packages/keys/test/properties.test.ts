// Property-based: whatever the input, the public functions either succeed or throw
// KeyFormatError with a known code and a message free of the input's secrets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Tag } from "../src/der/tags.js";
import {
  bitString,
  nullValue,
  octetString,
  oid,
  sequence,
  tlv,
  unsignedInteger,
} from "../src/der/writer.js";
import * as web from "../src/index.js";
import { isKeyFormatError, parsePublicKey } from "../src/index.js";
import * as node from "../src/index.node.js";
import { FIXTURE_PASSPHRASE } from "./support/constants.js";
import { bytes, text } from "./support/fixtures.js";

const CODES = new Set([
  "PRIVATE_KEY",
  "CERTIFICATE",
  "NOT_RSA",
  "KEY_TOO_SMALL",
  "NOT_PEM",
  "MALFORMED",
  "TOO_LARGE",
  "PASSPHRASE_REQUIRED",
  "BAD_PASSPHRASE",
  "UNSUPPORTED_ENCRYPTION",
]);

function expectKeyFormatError(error: unknown): void {
  if (!isKeyFormatError(error)) throw error; // fast-check reports the input that caused it
  expect(CODES.has(error.code)).toBe(true);
  expect(error.message.length).toBeGreaterThan(20);
  expect(error.message).not.toContain(FIXTURE_PASSPHRASE);
}

function onlyKeyFormatError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expectKeyFormatError(error);
  }
}

async function onlyKeyFormatErrorAsync(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    expectKeyFormatError(error);
  }
}

/** Edits applied to a valid encoding: bit flips, byte overwrites, cuts, insertions, deletions. */
const mutations = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
    fc.record({
      kind: fc.constant("set" as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 4 },
);

type Mutation = typeof mutations extends fc.Arbitrary<readonly (infer M)[]> ? M : never;

function mutate(input: Uint8Array, edits: readonly Mutation[]): Uint8Array {
  let out = Array.from(input);
  for (const edit of edits) {
    if (out.length === 0) break;
    const at = edit.at % out.length;
    if (edit.kind === "flip") out[at] = (out[at] ?? 0) ^ (1 << edit.bit);
    else if (edit.kind === "set") out[at] = edit.value;
    else if (edit.kind === "cut") out = out.slice(0, at);
    else if (edit.kind === "insert") out.splice(at, 0, edit.value);
    else out.splice(at, 1);
  }
  return Uint8Array.from(out);
}

/** Well-formed DER trees of random shape, to reach deep into the schema readers. */
const derTree = fc.letrec<{ node: Uint8Array }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.uint8Array({ maxLength: 40 }).map((b) => unsignedInteger(b)),
    fc.uint8Array({ maxLength: 40 }).map((b) => octetString(b)),
    fc.uint8Array({ maxLength: 40 }).map((b) => bitString(b)),
    fc
      .constantFrom(
        "1.2.840.113549.1.1.1",
        "1.2.840.10045.2.1",
        "1.3.101.112",
        "1.2.840.113549.1.5.13",
        "1.2.840.113549.1.5.12",
        "2.16.840.1.101.3.4.1.42",
        "1.2.840.113549.3.7",
        "1.2.840.113549.2.9",
      )
      .map((o) => oid(o)),
    fc.constant(nullValue()),
    fc
      .tuple(
        fc.constantFrom(Tag.CONTEXT_0, Tag.CONTEXT_1, Tag.CONTEXT_1_PRIMITIVE),
        fc.uint8Array({ maxLength: 20 }),
      )
      .map(([t, b]) => tlv(t, b)),
    fc.array(tie("node"), { maxLength: 10 }).map((children) => sequence(...children)),
  ),
}));

const labels = fc.constantFrom(
  "PUBLIC KEY",
  "RSA PUBLIC KEY",
  "PRIVATE KEY",
  "RSA PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY",
  "CERTIFICATE",
  "EC PRIVATE KEY",
  "X",
  "PUBLIC  KEY",
  "public key",
);

function pem(label: string, body: Uint8Array, lineBreak: string): string {
  const base64 = Buffer.from(body)
    .toString("base64")
    .replace(/.{1,64}/g, (line) => `${line}${lineBreak}`);
  return `-----BEGIN ${label}-----${lineBreak}${base64}-----END ${label}-----${lineBreak}`;
}

describe("parsePublicKey never throws anything but KeyFormatError", () => {
  it("for random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (input) =>
        onlyKeyFormatError(() => parsePublicKey(input)),
      ),
      { numRuns: 3000 },
    );
  });

  it("for random strings, including binary and surrogate noise", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ unit: "binary", maxLength: 400 }),
          fc.string({ unit: "grapheme", maxLength: 100 }),
        ),
        (input) => onlyKeyFormatError(() => parsePublicKey(input)),
      ),
      { numRuns: 3000 },
    );
  });

  it("for random DER trees, bare and inside PEM of every label", () => {
    fc.assert(
      fc.property(
        derTree.node,
        labels,
        fc.constantFrom("\n", "\r\n", "\\n", " "),
        (der, label, lineBreak) => {
          onlyKeyFormatError(() => parsePublicKey(der));
          onlyKeyFormatError(() => parsePublicKey(pem(label, der, lineBreak)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("for mutated real keys (SPKI, PKCS#1, certificate, PKCS#8), as DER and as PEM text", () => {
    const seeds = ["rsa2048.pub.der", "rsa2048.pkcs1.pub.der", "cert.der", "rsa2048.der"].map(
      bytes,
    );
    const pemSeed = new TextEncoder().encode(text("rsa2048.pub.pem"));
    fc.assert(
      fc.property(fc.nat({ max: seeds.length }), mutations, (which, edits) => {
        const seed = seeds[which] ?? pemSeed;
        const input = mutate(seed, edits);
        try {
          const info = parsePublicKey(input);
          // Success is fine only for a real RSA key: it must then round-trip exactly.
          expect(info.modulusBits).toBeGreaterThanOrEqual(2048);
          expect(parsePublicKey(info.pem).pem).toBe(info.pem);
        } catch (error) {
          expectKeyFormatError(error);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe.each([
  ["web", web],
  ["node", node],
] as const)(
  "importPrivateKey and derivePublicKey (%s build) never throw anything but KeyFormatError",
  (_name, keys) => {
    it("for random bytes and strings", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 300 })),
          async (input) => {
            await onlyKeyFormatErrorAsync(() => keys.importPrivateKey(input));
            await onlyKeyFormatErrorAsync(() =>
              keys.derivePublicKey(input, { passphrase: FIXTURE_PASSPHRASE }),
            );
          },
        ),
        { numRuns: 1000 },
      );
    });

    it("for random DER trees inside every PEM label", async () => {
      await fc.assert(
        fc.asyncProperty(derTree.node, labels, async (der, label) => {
          await onlyKeyFormatErrorAsync(() =>
            keys.importPrivateKey(der, { passphrase: FIXTURE_PASSPHRASE }),
          );
          await onlyKeyFormatErrorAsync(() =>
            keys.importPrivateKey(pem(label, der, "\n"), { passphrase: FIXTURE_PASSPHRASE }),
          );
        }),
        { numRuns: 1000 },
      );
    });

    it("for mutated private keys: PKCS#8, PKCS#1, encrypted PKCS#8 (AES and DES) and legacy PEM", async () => {
      const seeds = [
        bytes("rsa2048.der"),
        bytes("rsa2048.pkcs1.der"),
        bytes("pbes2-aes256-sha256.der"),
        new TextEncoder().encode(text("pbes2-des3.pem")),
        new TextEncoder().encode(text("legacy-des3.pem")),
      ];
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), mutations, async (which, edits) => {
          const input = mutate(seeds[which] ?? new Uint8Array(0), edits);
          await onlyKeyFormatErrorAsync(() =>
            keys.importPrivateKey(input, { passphrase: FIXTURE_PASSPHRASE }),
          );
        }),
        { numRuns: 300 },
      );
    });

    it("for random JWK-shaped objects", async () => {
      const member = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.base64String({ maxLength: 40 }),
        fc.integer(),
        fc.constant(undefined),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            kty: fc.oneof(fc.constant("RSA"), fc.string({ maxLength: 4 })),
            n: member,
            e: member,
            d: member,
            p: member,
            q: member,
            dp: member,
            dq: member,
            qi: member,
          }),
          async (jwk) => onlyKeyFormatErrorAsync(() => keys.importPrivateKey(jwk as JsonWebKey)),
        ),
        { numRuns: 1000 },
      );
    });
  },
);

describe("publicKeyFingerprint never throws anything but KeyFormatError", () => {
  it("for random bytes and forged PublicKeyInfo objects", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (input) => {
        await onlyKeyFormatErrorAsync(() => web.publicKeyFingerprint(input));
        await onlyKeyFormatErrorAsync(() =>
          web.publicKeyFingerprint({
            pem: "",
            der: input,
            modulusBits: 2048,
            publicExponent: 65537,
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
