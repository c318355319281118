// Checks that run unchanged on every Node line (and any runtime with WebCrypto): no node:
// imports. The driver (../runtimes.test.ts) makes the keys with the openssl command line, so
// what is checked was not written by our own encoder, and bundles these checks twice: with the
// web build (dist/index.js) and with the Node build (dist/index.node.js).
import {
  derivePublicKey,
  generateKeyPair,
  importPrivateKey,
  isKeyFormatError,
  parsePublicKey,
  publicKeyFingerprint,
} from "../../src/index.js";

/** Keys from openssl, and the fingerprint computed from openssl's DER by node:crypto. */
export interface PortableKeys {
  privatePem: string;
  publicPem: string;
  pkcs1PublicPem: string;
  /** PBES2, AES-256-CBC: both builds import it. */
  aesPem: string;
  /** PBES2, DES-EDE3-CBC: only the Node build imports it. */
  desPem: string;
  passphrase: string;
  fingerprint: string;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

function assert(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new Error(detail);
}

async function expectCode(run: () => Promise<unknown>, code: string): Promise<Error> {
  try {
    await run();
  } catch (error) {
    assert(isKeyFormatError(error), `want a KeyFormatError, got ${String(error)}`);
    assert(error.code === code, `want code ${code}, got ${error.code}`);
    return error;
  }
  throw new Error(`want a KeyFormatError ${code}, but the call succeeded`);
}

/** The imported key opens what the public key (imported by the platform, not by us) sealed. */
async function decrypts(key: CryptoKey, publicPem: string): Promise<void> {
  const publicKey = await crypto.subtle.importKey(
    "spki",
    new Uint8Array(parsePublicKey(publicPem).der),
    { name: "RSA-OAEP", hash: "SHA-256" },
    false,
    ["encrypt"],
  );
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const sealed = await crypto.subtle.encrypt({ name: "RSA-OAEP" }, publicKey, secret);
  const opened = new Uint8Array(await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, sealed));
  assert(opened.join() === secret.join(), "the imported key did not open the sealed probe");
}

export async function runChecks(keys: PortableKeys, build: "web" | "node"): Promise<CheckResult[]> {
  const { passphrase } = keys;
  const checks: Array<[string, () => Promise<void>]> = [
    [
      "parsePublicKey: SPKI as openssl writes it, PKCS#1 converted",
      async () => {
        const info = parsePublicKey(keys.publicPem);
        assert(info.pem === keys.publicPem, "canonical PEM differs from openssl's");
        assert(info.modulusBits === 2048, `modulusBits ${info.modulusBits}`);
        assert(parsePublicKey(keys.pkcs1PublicPem).pem === keys.publicPem, "PKCS#1 not converted");
      },
    ],
    [
      "publicKeyFingerprint matches SHA-256 of openssl's DER",
      async () => {
        assert((await publicKeyFingerprint(keys.publicPem)) === keys.fingerprint, "SPKI form");
        assert((await publicKeyFingerprint(keys.pkcs1PublicPem)) === keys.fingerprint, "PKCS#1");
        const derived = await derivePublicKey(keys.aesPem, { passphrase });
        assert((await publicKeyFingerprint(derived)) === keys.fingerprint, "derived form");
      },
    ],
    [
      "importPrivateKey: unencrypted and PBES2/AES-256-CBC keys decrypt",
      async () => {
        await decrypts(await importPrivateKey(keys.privatePem), keys.publicPem);
        await decrypts(await importPrivateKey(keys.aesPem, { passphrase }), keys.publicPem);
      },
    ],
    [
      "importPrivateKey: missing and wrong passphrase are typed errors without the secret",
      async () => {
        await expectCode(() => importPrivateKey(keys.aesPem), "PASSPHRASE_REQUIRED");
        const error = await expectCode(
          () => importPrivateKey(keys.aesPem, { passphrase: `${passphrase}-wrong` }),
          "BAD_PASSPHRASE",
        );
        assert(!error.message.includes(passphrase), "the message contains the passphrase");
      },
    ],
    [
      build === "node"
        ? "importPrivateKey: the Node build decrypts DES-EDE3-CBC"
        : "importPrivateKey: the web build refuses DES-EDE3-CBC with the conversion command",
      async () => {
        if (build === "node") {
          await decrypts(await importPrivateKey(keys.desPem, { passphrase }), keys.publicPem);
          return;
        }
        const error = await expectCode(
          () => importPrivateKey(keys.desPem, { passphrase }),
          "UNSUPPORTED_ENCRYPTION",
        );
        assert(error.message.includes("openssl pkcs8 -topk8"), "no conversion command");
      },
    ],
    [
      "generateKeyPair: an encrypted pair that round-trips",
      async () => {
        const pair = await generateKeyPair({ passphrase });
        assert(pair.privateKeyPem.includes("ENCRYPTED PRIVATE KEY"), "private key not encrypted");
        await decrypts(
          await importPrivateKey(pair.privateKeyPem, { passphrase }),
          pair.publicKeyPem,
        );
      },
    ],
  ];
  const results: CheckResult[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({
        name,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}
