/// <reference lib="deno.ns" />
// Runs the web build (dist/index.js) under Deno to prove the WebCrypto path needs nothing from
// Node. Keys come from the openssl command line (run with --allow-run=openssl), so what is
// checked here was not written by our own encoder. No remote imports: Deno needs no network.
// Run with --no-check: Deno does not map the .js imports inside dist/*.d.ts to their .d.ts
// files, so it would type the build from its JavaScript; tsc checks the types instead.
import {
  derivePublicKey,
  generateKeyPair,
  importPrivateKey,
  isKeyFormatError,
  parsePublicKey,
  publicKeyFingerprint,
} from "../../dist/index.js";

const PASSPHRASE = "deno-Passphrase-5Rt1";

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function assertEquals(actual: unknown, expected: unknown, message: string): void {
  if (actual !== expected)
    throw new Error(`${message}: expected ${String(expected)}, got ${String(actual)}`);
}

async function assertRejectsWithCode(run: () => Promise<unknown>, code: string): Promise<Error> {
  try {
    await run();
  } catch (error) {
    assert(isKeyFormatError(error), `expected a KeyFormatError, got ${String(error)}`);
    assertEquals(error.code, code, "error code");
    assert(!error.message.includes(PASSPHRASE), "the message must not contain the passphrase");
    return error;
  }
  throw new Error(`expected a KeyFormatError ${code}, but the call succeeded`);
}

async function opensslBytes(args: string[], stdin?: string): Promise<Uint8Array> {
  const command = new Deno.Command("openssl", {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "null",
    env: { KEY_PASS: PASSPHRASE },
  });
  const child = command.spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout } = await child.output();
  assertEquals(code, 0, `openssl ${args[0]} exit code`);
  return stdout;
}

async function openssl(args: string[], stdin?: string): Promise<string> {
  return new TextDecoder().decode(await opensslBytes(args, stdin));
}

async function decrypts(key: CryptoKey, publicKeyPem: string): Promise<void> {
  const der = parsePublicKey(publicKeyPem).der;
  const publicKey = await crypto.subtle.importKey(
    "spki",
    der,
    { name: "RSA-OAEP", hash: "SHA-256" },
    false,
    ["encrypt"],
  );
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const sealed = await crypto.subtle.encrypt({ name: "RSA-OAEP" }, publicKey, secret);
  const opened = new Uint8Array(await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, sealed));
  assertEquals(opened.join(","), secret.join(","), "decrypted probe");
}

const privatePem = await openssl([
  "genpkey",
  "-algorithm",
  "RSA",
  "-pkeyopt",
  "rsa_keygen_bits:2048",
]);
const publicPem = await openssl(["pkey", "-pubout"], privatePem);
const pkcs1PublicPem = await openssl(["rsa", "-RSAPublicKey_out"], privatePem);
const aesPem = await openssl(
  ["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-passout", "env:KEY_PASS"],
  privatePem,
);
const desPem = await openssl(
  ["pkcs8", "-topk8", "-v2", "des3", "-passout", "env:KEY_PASS"],
  privatePem,
);

Deno.test("parsePublicKey reads SPKI and PKCS#1, and refuses a private key", async () => {
  const info = parsePublicKey(publicPem);
  assertEquals(info.pem, publicPem, "canonical PEM");
  assertEquals(info.modulusBits, 2048, "modulusBits");
  assertEquals(parsePublicKey(pkcs1PublicPem).pem, publicPem, "PKCS#1 converted to SPKI");
  assertEquals(
    parsePublicKey(JSON.stringify(publicPem).slice(1, -1)).pem,
    publicPem,
    "literal \\n escapes",
  );
  await assertRejectsWithCode(async () => parsePublicKey(privatePem), "PRIVATE_KEY");
});

Deno.test("importPrivateKey imports unencrypted and PBES2/AES-256-CBC keys", async () => {
  await decrypts(await importPrivateKey(privatePem), publicPem);
  await decrypts(await importPrivateKey(aesPem, { passphrase: PASSPHRASE }), publicPem);
  await assertRejectsWithCode(() => importPrivateKey(aesPem), "PASSPHRASE_REQUIRED");
  await assertRejectsWithCode(
    () => importPrivateKey(aesPem, { passphrase: "wrong" }),
    "BAD_PASSPHRASE",
  );
});

Deno.test("fingerprints agree across forms and with openssl", async () => {
  // Independent of our code: OpenSSL writes the DER, Deno's own WebCrypto hashes it.
  const der = await opensslBytes(["pkey", "-pubin", "-outform", "DER"], publicPem);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(der)));
  const expected = `SHA256:${btoa(String.fromCharCode(...digest)).replace(/=+$/, "")}`;
  assertEquals(await publicKeyFingerprint(publicPem), expected, "SPKI form");
  assertEquals(await publicKeyFingerprint(pkcs1PublicPem), expected, "PKCS#1 form");
  assertEquals(
    await publicKeyFingerprint(await derivePublicKey(aesPem, { passphrase: PASSPHRASE })),
    expected,
    "derived form",
  );
});

Deno.test("generateKeyPair round trip, read back by openssl", async () => {
  const pair = await generateKeyPair({ passphrase: PASSPHRASE });
  assertEquals(
    await openssl(["pkey", "-passin", "env:KEY_PASS", "-pubout"], pair.privateKeyPem),
    pair.publicKeyPem,
    "openssl derives the same public key",
  );
  await decrypts(
    await importPrivateKey(pair.privateKeyPem, { passphrase: PASSPHRASE }),
    pair.publicKeyPem,
  );
});

Deno.test("DES-EDE3-CBC is UNSUPPORTED_ENCRYPTION with the openssl conversion command", async () => {
  const error = await assertRejectsWithCode(
    () => importPrivateKey(desPem, { passphrase: PASSPHRASE }),
    "UNSUPPORTED_ENCRYPTION",
  );
  assert(
    error.message.includes("openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256"),
    "message names the conversion",
  );
});

// The captured WhatsApp Flows key (PBES2 + DES-EDE3-CBC), kept in the repository's vectors/.
const vectorUrl = new URL("../../../../vectors/flows-captured.json", import.meta.url);
const vector = JSON.parse(await Deno.readTextFile(vectorUrl)) as {
  privateKeyPem: string;
  passphrase: string;
};

Deno.test({
  name: "the captured Flows key (DES-EDE3-CBC) is UNSUPPORTED_ENCRYPTION on the web build",
  async fn() {
    const v = vector;
    const error = await assertRejectsWithCode(
      () => importPrivateKey(v.privateKeyPem, { passphrase: v.passphrase }),
      "UNSUPPORTED_ENCRYPTION",
    );
    assert(error.message.includes("DES-EDE3-CBC"), "message names the cipher");
  },
});
