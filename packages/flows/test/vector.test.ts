// The captured WhatsApp exchange: bytes no code in this repository produced.
import { importPrivateKey } from "@d360-messaging/keys";
import { describe, expect, it } from "vitest";
import { decryptFlowRequest } from "../src/decrypt.js";
import { encryptFlowResponse } from "../src/encrypt.js";
import { createFlowEndpoint } from "../src/endpoint.js";
import { FlowDecryptionError } from "../src/errors.js";
import { verifyFlowSignature } from "../src/signature.js";
import {
  decryptReplyWithNode,
  generateTestKeyPair,
  loadVector,
  toDecryptKey,
  vectorPrivateKey,
} from "./helpers.js";

const vector = loadVector();

describe.skipIf(vector === undefined)("captured WhatsApp vector", () => {
  // Collection still runs this body when the suite is skipped; without the vector, define nothing.
  if (vector === undefined) return;
  const v = vector;
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

  it("decrypts the request to the captured AES key, IV and payload", async () => {
    const key = await toDecryptKey(vectorPrivateKey(v));
    const { payload, aesKey, iv } = await decryptFlowRequest(v.request, key);
    expect(hex(aesKey)).toBe(v.aesKeyHex);
    expect(Buffer.from(iv).toString("base64")).toBe(v.request.initial_vector);
    expect(payload).toEqual(v.decryptedPayload);
  });

  it("decrypts with the key imported by @d360-messaging/keys (Node build: DES-EDE3 PBES2)", async () => {
    const key = await importPrivateKey(v.privateKeyPem, { passphrase: v.passphrase });
    const { payload, aesKey } = await decryptFlowRequest(v.request, key);
    expect(hex(aesKey)).toBe(v.aesKeyHex);
    expect(payload).toEqual(v.decryptedPayload);
  });

  it("answers the captured request through createFlowEndpoint with the captured reply bytes", async () => {
    const seen: unknown[] = [];
    const endpoint = createFlowEndpoint({
      privateKey: v.privateKeyPem,
      passphrase: v.passphrase,
      handle: (payload) => {
        seen.push(payload);
        return v.response.plaintextUtf8;
      },
    });
    const response = await endpoint(
      new Request("https://example.test/flows", {
        method: "POST",
        body: JSON.stringify(v.request),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(await response.text()).toBe(v.response.encryptedBase64);
    expect(seen).toEqual([v.decryptedPayload]);
  });

  it("decrypts the request given as raw JSON text too", async () => {
    const key = await toDecryptKey(vectorPrivateKey(v));
    const { payload } = await decryptFlowRequest(JSON.stringify(v.request), key);
    expect(payload).toEqual(v.decryptedPayload);
  });

  it("encrypts the captured reply bytes to the captured ciphertext, byte for byte", async () => {
    const aesKey = Buffer.from(v.aesKeyHex, "hex");
    const iv = Buffer.from(v.request.initial_vector, "base64");
    await expect(encryptFlowResponse(v.response.plaintextUtf8, aesKey, iv)).resolves.toBe(
      v.response.encryptedBase64,
    );
    // The same bytes given as a Uint8Array.
    await expect(
      encryptFlowResponse(new TextEncoder().encode(v.response.plaintextUtf8), aesKey, iv),
    ).resolves.toBe(v.response.encryptedBase64);
    // And node:crypto reads the captured reply back to the same text.
    expect(decryptReplyWithNode(v.response.encryptedBase64, aesKey, iv)).toBe(
      v.response.plaintextUtf8,
    );
  });

  it("encrypts an object as JSON.stringify, which differs from the captured spacing", async () => {
    const aesKey = Buffer.from(v.aesKeyHex, "hex");
    const iv = Buffer.from(v.request.initial_vector, "base64");
    const object = JSON.parse(v.response.plaintextUtf8) as { data: Record<string, unknown> };
    const encrypted = await encryptFlowResponse(object, aesKey, iv);
    expect(encrypted).not.toBe(v.response.encryptedBase64);
    expect(decryptReplyWithNode(encrypted, aesKey, iv)).toBe(JSON.stringify(object));
  });

  it("rejects the vector request under another private key with 421", async () => {
    const other = await toDecryptKey(generateTestKeyPair().privateKey);
    const error = await decryptFlowRequest(v.request, other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowDecryptionError);
    expect(error).toMatchObject({ reason: "aes-key-decryption-failed", status: 421 });
  });

  describe("webhook signature", () => {
    const { appSecret, rawBody, header } = v.webhookSignature;

    it("accepts the captured header over the raw body, as text and as bytes", async () => {
      await expect(verifyFlowSignature(rawBody, header, appSecret)).resolves.toBe(true);
      await expect(
        verifyFlowSignature(new TextEncoder().encode(rawBody), header, appSecret),
      ).resolves.toBe(true);
      await expect(
        verifyFlowSignature(rawBody, header.toUpperCase().replace("SHA256=", "sha256="), appSecret),
      ).resolves.toBe(true);
    });

    it("accepts it when the right secret is one of several (rotation)", async () => {
      await expect(verifyFlowSignature(rawBody, header, ["old-secret", appSecret])).resolves.toBe(
        true,
      );
      await expect(verifyFlowSignature(rawBody, header, [appSecret, "next-secret"])).resolves.toBe(
        true,
      );
    });

    it("rejects re-serialised JSON, which has other bytes", async () => {
      const reserialised = JSON.stringify(JSON.parse(rawBody), null, 1);
      await expect(verifyFlowSignature(reserialised, header, appSecret)).resolves.toBe(false);
    });

    it("rejects every single-character change of the body", async () => {
      for (let i = 0; i < rawBody.length; i += 7) {
        const changed =
          rawBody.slice(0, i) + (rawBody[i] === "x" ? "y" : "x") + rawBody.slice(i + 1);
        await expect(verifyFlowSignature(changed, header, appSecret)).resolves.toBe(false);
      }
    });

    it("rejects tampered, truncated, missing and wrongly prefixed headers and wrong secrets", async () => {
      const digit = header.at(-1) === "0" ? "1" : "0";
      for (const bad of [
        `${header.slice(0, -1)}${digit}`,
        header.slice(0, -2),
        `${header}00`,
        header.replace("sha256=", "sha1="),
        header.replace("sha256=", ""),
        header.replace("sha256=", "SHA256="),
        `sha256=${"z".repeat(64)}`,
        "",
        null,
        undefined,
      ]) {
        await expect(verifyFlowSignature(rawBody, bad, appSecret)).resolves.toBe(false);
      }
      await expect(verifyFlowSignature(rawBody, header, `${appSecret}x`)).resolves.toBe(false);
      await expect(verifyFlowSignature(rawBody, header, ["a", "b"])).resolves.toBe(false);
    });

    it("refuses an empty secret list as a programming error", async () => {
      await expect(verifyFlowSignature(rawBody, header, [])).rejects.toThrow(TypeError);
      await expect(verifyFlowSignature(rawBody, header, "")).rejects.toThrow(TypeError);
    });
  });
});
