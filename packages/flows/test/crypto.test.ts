// Round trips against an independent WhatsApp side written with node:crypto (./helpers.ts).
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptFlowRequest } from "../src/decrypt.js";
import { encryptFlowResponse } from "../src/encrypt.js";
import { FlowDecryptionError, type FlowDecryptionFailure } from "../src/errors.js";
import {
  decryptReplyBytesWithNode,
  decryptReplyWithNode,
  encryptRequestWithNode,
  generateTestKeyPair,
  type TestKeyPair,
  toDecryptKey,
} from "./helpers.js";

let pair: TestKeyPair;
let key: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  pair = generateTestKeyPair();
  key = await toDecryptKey(pair.privateKey);
  otherKey = await toDecryptKey(generateTestKeyPair().privateKey);
});

async function failure(body: unknown, privateKey = key): Promise<FlowDecryptionError> {
  const error = await decryptFlowRequest(body as string, privateKey).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FlowDecryptionError);
  return error as FlowDecryptionError;
}

async function expectReason(body: unknown, reason: FlowDecryptionFailure, privateKey = key) {
  const error = await failure(body, privateKey);
  expect(error.reason).toBe(reason);
  expect(error.status).toBe(reason === "malformed-request" ? 400 : 421);
}

describe("round trip with node:crypto as WhatsApp", () => {
  it("decrypts what node:crypto encrypted, and node:crypto decrypts the reply", async () => {
    const payload = {
      version: "3.0",
      action: "data_exchange",
      screen: "A",
      data: { ü: "ñ 😀" },
      flow_token: "t",
    };
    const sent = encryptRequestWithNode(payload, pair.publicKey);
    const { payload: received, aesKey, iv } = await decryptFlowRequest(sent.body, key);
    expect(received).toEqual(payload);
    expect(Buffer.from(aesKey).equals(sent.aesKey)).toBe(true);
    expect(Buffer.from(iv).equals(sent.iv)).toBe(true);

    const reply = { screen: "NEXT", data: { greeting: "héllo" } };
    expect(
      decryptReplyWithNode(await encryptFlowResponse(reply, aesKey, iv), sent.aesKey, sent.iv),
    ).toBe(JSON.stringify(reply));
    const bytes = randomBytes(100);
    const encrypted = await encryptFlowResponse(bytes, aesKey, iv);
    expect(decryptReplyBytesWithNode(encrypted, sent.aesKey, sent.iv).equals(bytes)).toBe(true);
  });

  it("encrypts text and bytes byte for byte, and flips the IV", async () => {
    const aesKey = randomBytes(16);
    const iv = randomBytes(16);
    const text = '{"a" : 1 }';
    const fromText = await encryptFlowResponse(text, aesKey, iv);
    expect(await encryptFlowResponse(Buffer.from(text), aesKey, iv)).toBe(fromText);
    expect(decryptReplyWithNode(fromText, aesKey, iv)).toBe(text);
    // Decrypting under the unflipped IV must fail: the flip is not optional.
    expect(() =>
      decryptReplyWithNode(
        fromText,
        aesKey,
        iv.map((b) => b ^ 0xff),
      ),
    ).toThrow();
  });

  it("rejects wrong key and IV sizes for replies", async () => {
    await expect(encryptFlowResponse("x", randomBytes(32), randomBytes(16))).rejects.toThrow(
      RangeError,
    );
    await expect(encryptFlowResponse("x", randomBytes(16), randomBytes(12))).rejects.toThrow(
      RangeError,
    );
    await expect(
      encryptFlowResponse(undefined as never, randomBytes(16), randomBytes(16)),
    ).rejects.toThrow(TypeError);
  });
});

describe("decryption failures", () => {
  let valid: ReturnType<typeof encryptRequestWithNode>;
  beforeAll(() => {
    valid = encryptRequestWithNode({ version: "3.0", action: "ping" }, pair.publicKey);
  });
  const flip = (base64: string, index: number) => {
    const bytes = Buffer.from(base64, "base64");
    bytes[index] = (bytes[index] as number) ^ 0x01;
    return bytes.toString("base64");
  };

  it("is 400 for bodies that are not a Flows request", async () => {
    for (const body of [
      "",
      "null",
      "[]",
      "42",
      '"x"',
      "{",
      "{}",
      JSON.stringify({ ...valid.body, initial_vector: 1 }),
    ]) {
      await expectReason(body, "malformed-request");
    }
    const { encrypted_aes_key: _, ...missing } = valid.body;
    await expectReason(missing, "malformed-request");
    await expectReason(null, "malformed-request");
  });

  it("is 421 for bad base64 in any field", async () => {
    for (const field of ["encrypted_flow_data", "encrypted_aes_key", "initial_vector"] as const) {
      await expectReason({ ...valid.body, [field]: `${valid.body[field]}!` }, "invalid-base64");
      await expectReason({ ...valid.body, [field]: valid.body[field].slice(1) }, "invalid-base64");
    }
  });

  it("is 421 for a tampered ciphertext, tag or IV", async () => {
    const data = valid.body.encrypted_flow_data;
    const length = Buffer.from(data, "base64").length;
    await expectReason(
      { ...valid.body, encrypted_flow_data: flip(data, 0) },
      "authentication-failed",
    );
    await expectReason(
      { ...valid.body, encrypted_flow_data: flip(data, length - 1) },
      "authentication-failed",
    );
    await expectReason({ ...valid.body, encrypted_flow_data: "AAAA" }, "authentication-failed");
    await expectReason(
      { ...valid.body, initial_vector: flip(valid.body.initial_vector, 5) },
      "authentication-failed",
    );
    await expectReason(
      { ...valid.body, initial_vector: randomBytes(12).toString("base64") },
      "invalid-iv-length",
    );
  });

  it("is 421 for a tampered AES key, the wrong private key, or an AES key of the wrong length", async () => {
    await expectReason(
      { ...valid.body, encrypted_aes_key: flip(valid.body.encrypted_aes_key, 100) },
      "aes-key-decryption-failed",
    );
    await expectReason(
      { ...valid.body, encrypted_aes_key: randomBytes(16).toString("base64") },
      "aes-key-decryption-failed",
    );
    await expectReason(valid.body, "aes-key-decryption-failed", otherKey);
    // A valid request with a 32-byte key: WebCrypto would happily do AES-256, the protocol says 128.
    const long = encryptRequestWithNode({ version: "3.0", action: "ping" }, pair.publicKey, {
      aesKey: randomBytes(32),
    });
    await expectReason(long.body, "invalid-aes-key-length");
  });

  it("is 421 for authentic plaintext that is not a JSON object with an action", async () => {
    for (const plaintext of [
      "not json",
      "[]",
      "null",
      '{"version":"3.0"}',
      '{"action":1}',
      Buffer.from([0xff, 0xfe, 0x7b]),
    ]) {
      await expectReason(encryptRequestWithNode(plaintext, pair.publicKey).body, "invalid-payload");
    }
  });

  it("never puts key material or plaintext in the error", async () => {
    const secretPlaintext = "TOP-SECRET-PLAINTEXT";
    const error = await failure(encryptRequestWithNode(secretPlaintext, pair.publicKey).body);
    const seen = `${error.message} ${String(error.cause)} ${JSON.stringify(error)}`;
    expect(seen).not.toContain(secretPlaintext);
    expect(error.cause).toBeUndefined();
  });

  it("refuses a private key that cannot do RSA-OAEP SHA-256 decryption", async () => {
    const sha1 = await crypto.subtle.importKey(
      "pkcs8",
      pair.privateKey.export({ type: "pkcs8", format: "der" }),
      { name: "RSA-OAEP", hash: "SHA-1" },
      false,
      ["decrypt"],
    );
    await expect(decryptFlowRequest(valid.body, sha1)).rejects.toThrow(TypeError);
    await expect(decryptFlowRequest(valid.body, {} as CryptoKey)).rejects.toThrow(TypeError);
  });
});
