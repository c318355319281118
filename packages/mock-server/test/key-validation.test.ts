import { execFileSync } from "node:child_process";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeyFormatError } from "@d360-messaging/keys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockHandler, DEFAULT_API_KEY, type MockHandler } from "../src/index.js";
import { FORM, formBody, PATH, rsaKeyPair } from "./helpers.js";

// Keys made by node:crypto and the openssl CLI, not by the code under test.
let rsa: { publicKeyPem: string; privateKeyPem: string };
let certificatePem: string;
const dir = mkdtempSync(join(tmpdir(), "mock-keys-"));

beforeAll(() => {
  rsa = rsaKeyPair();
  const keyFile = join(dir, "k.pem");
  const certFile = join(dir, "c.pem");
  execFileSync(
    "openssl",
    ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyFile],
    { stdio: "ignore" },
  );
  execFileSync(
    "openssl",
    ["req", "-x509", "-new", "-key", keyFile, "-subj", "/CN=mock", "-days", "1", "-out", certFile],
    { stdio: "ignore" },
  );
  certificatePem = readFileSync(certFile, "utf8");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function upload(handler: MockHandler, pem: string) {
  const res = await handler(
    new Request(`http://mock.test${PATH}`, {
      method: "POST",
      headers: { ...FORM, "D360-API-KEY": DEFAULT_API_KEY },
      body: formBody(pem),
    }),
  );
  return { status: res.status, text: await res.text() };
}

function ecPublicPem(): string {
  return generateKeyPairSync("ec", { namedCurve: "P-256" })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
}

describe("upload validation uses the same rules as the client (parsePublicKey)", () => {
  it.each([
    ["a private key", () => rsa.privateKeyPem, "PRIVATE_KEY"],
    ["a certificate", () => certificatePem, "CERTIFICATE"],
    ["an EC key", ecPublicPem, "NOT_RSA"],
    ["a 1024-bit RSA key", () => rsaKeyPair(1024).publicKeyPem, "KEY_TOO_SMALL"],
  ])("refuses %s with 400 and the KeyFormatError message", async (_, make, code) => {
    const handler = createMockHandler();
    const pem = make();
    const { status, text } = await upload(handler, pem);
    expect(status).toBe(400);
    const body = JSON.parse(text) as { error: string };
    // The same message the client would throw for the same input.
    let expected: KeyFormatError | undefined;
    try {
      handler.setBusinessPublicKey(DEFAULT_API_KEY, pem);
    } catch (e) {
      expected = e as KeyFormatError;
    }
    expect(expected).toBeInstanceOf(KeyFormatError);
    expect(expected?.code).toBe(code);
    expect(body).toEqual({ error: expected?.message });
    expect(handler.getBusinessPublicKey(DEFAULT_API_KEY)).toBeUndefined();
  });

  it("never echoes the private key's material", async () => {
    const { text } = await upload(createMockHandler(), rsa.privateKeyPem);
    const base64Lines = rsa.privateKeyPem.split("\n").filter((l) => l && !l.startsWith("-----"));
    for (const line of base64Lines) expect(text).not.toContain(line.slice(0, 20));
  });

  it("stores the canonical SPKI PEM of a PKCS#1 upload", async () => {
    const handler = createMockHandler();
    const pkcs1 = createPublicKey(rsa.publicKeyPem)
      .export({ type: "pkcs1", format: "pem" })
      .toString();
    expect(pkcs1).toContain("BEGIN RSA PUBLIC KEY");
    expect((await upload(handler, pkcs1)).status).toBe(200);
    expect(handler.getBusinessPublicKey(DEFAULT_API_KEY)).toBe(rsa.publicKeyPem);
  });

  it("stores the canonical PEM of an upload with CRLF line ends and surrounding blanks", async () => {
    const handler = createMockHandler();
    const messy = `\n  ${rsa.publicKeyPem.replace(/\n/g, "\r\n")}  \n`;
    expect((await upload(handler, messy)).status).toBe(200);
    expect(handler.getBusinessPublicKey(DEFAULT_API_KEY)).toBe(rsa.publicKeyPem);
  });
});
