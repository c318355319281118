import {
  createCipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
} from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { KeyFormatError } from "@d360-messaging/keys";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createMockHandler,
  DEFAULT_API_KEY,
  decryptFlowResponse,
  encryptFlowRequest,
  FlowEndpointTimeoutError,
  FlowResponseError,
  flipIv,
  signFlowBody,
  simulateFlowRequest,
} from "../src/index.js";
import { aesGcmEncrypt } from "../src/simulator/aes-gcm.js";
import { nodeDecryptRequest, nodeEncryptReply, referenceEndpoint } from "./reference-endpoint.js";

// The captured exchange is kept in the repository (vectors/README.md).
const VECTOR_FILE = fileURLToPath(new URL("../../../vectors/flows-captured.json", import.meta.url));
const hasVector = existsSync(VECTOR_FILE);
// Part of the repository: a missing file is a failure, not a reason to skip.
if (!hasVector) throw new Error("vectors/flows-captured.json is missing; restore it from git");

interface Vector {
  privateKeyPem: string;
  passphrase: string;
  request: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  decryptedPayload: Record<string, unknown>;
  aesKeyHex: string;
  response: { plaintextUtf8: string; encryptedBase64: string };
  webhookSignature: { appSecret: string; rawBody: string; header: string };
}

describe.skipIf(!hasVector)("against the captured WhatsApp exchange", () => {
  const v = (hasVector ? JSON.parse(readFileSync(VECTOR_FILE, "utf8")) : {}) as Vector;
  const aesKey = () => Buffer.from(v.aesKeyHex, "hex");
  const requestIv = () => Buffer.from(v.request.initial_vector, "base64");
  const privateKey = () =>
    createPrivateKey({ key: v.privateKeyPem, format: "pem", passphrase: v.passphrase });

  it("decrypts the captured reply to its exact plaintext", async () => {
    const text = await decryptFlowResponse(v.response.encryptedBase64, aesKey(), requestIv());
    expect(text).toBe(v.response.plaintextUtf8);
  });

  it("re-encrypts the reply plaintext to the captured ciphertext byte for byte", async () => {
    const sealed = await aesGcmEncrypt(
      aesKey(),
      flipIv(requestIv()),
      new TextEncoder().encode(v.response.plaintextUtf8),
    );
    expect(Buffer.from(sealed).toString("base64")).toBe(v.response.encryptedBase64);
  });

  it("signs the captured webhook body to the captured header", async () => {
    const { rawBody, appSecret, header } = v.webhookSignature;
    expect(await signFlowBody(rawBody, appSecret)).toBe(header);
    expect(await signFlowBody(new TextEncoder().encode(rawBody), appSecret)).toBe(header);
    expect(await signFlowBody(`${rawBody} `, appSecret)).not.toBe(header);
  });

  it("encrypts the captured request's plaintext to the captured flow data (node:crypto decrypts)", async () => {
    // node:crypto recovers the key and the exact plaintext bytes of the captured request.
    const captured = nodeDecryptRequest(v.request, privateKey());
    expect(captured.aesKey.toString("hex")).toBe(v.aesKeyHex);
    expect(JSON.parse(captured.plaintext.toString("utf8"))).toEqual(v.decryptedPayload);

    const publicKeyPem = createPublicKey(privateKey())
      .export({ type: "spki", format: "pem" })
      .toString();
    const ours = await encryptFlowRequest(captured.plaintext, publicKeyPem, {
      aesKey: captured.aesKey,
      iv: captured.iv,
    });
    // AES-GCM is deterministic given key, IV and plaintext; RSA-OAEP is randomised.
    expect(ours.body.encrypted_flow_data).toBe(v.request.encrypted_flow_data);
    expect(ours.body.initial_vector).toBe(v.request.initial_vector);
    expect(ours.body.encrypted_aes_key).not.toBe(v.request.encrypted_aes_key);
    expect(nodeDecryptRequest(ours.body, privateKey()).aesKey.toString("hex")).toBe(v.aesKeyHex);
  });
});

describe("simulateFlowRequest against a node:crypto reference endpoint", () => {
  let privateKey: ReturnType<typeof createPrivateKey>;
  let publicKeyPem: string;
  let otherPublicKeyPem: string;

  beforeAll(() => {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    privateKey = pair.privateKey;
    publicKeyPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    otherPublicKeyPem = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString();
  });

  it("round-trips a request and a reply in process, with the wire format WhatsApp uses", async () => {
    const endpoint = referenceEndpoint({
      privateKey,
      reply: () => ({ data: { status: "active" } }),
    });
    const payload = { version: "3.0", action: "ping" };
    const result = await simulateFlowRequest({ endpoint, publicKey: publicKeyPem, payload });
    expect(result.status).toBe(200);
    expect(result.response).toEqual({ data: { status: "active" } });
    expect(result.responseText).toBe('{"data":{"status":"active"}}');
    expect(result.attempts).toBe(1);

    const [received] = endpoint.received;
    expect(received?.payload).toEqual(payload);
    expect(received?.aesKey).toHaveLength(16);
    expect(received?.iv).toHaveLength(16);
    expect(Buffer.from(result.request.aesKey)).toEqual(received?.aesKey);
    expect(Object.keys(JSON.parse(result.request.body))).toEqual([
      "encrypted_flow_data",
      "encrypted_aes_key",
      "initial_vector",
    ]);
    expect(result.request.headers.get("content-type")).toBe("application/json");
    expect(result.request.headers.has("x-hub-signature-256")).toBe(false);
  });

  it("uses fresh random key and IV per request", async () => {
    const endpoint = referenceEndpoint({ privateKey });
    const payload = { version: "3.0", action: "INIT" };
    const a = await simulateFlowRequest({ endpoint, publicKey: publicKeyPem, payload });
    const b = await simulateFlowRequest({ endpoint, publicKey: publicKeyPem, payload });
    expect(Buffer.from(a.request.aesKey)).not.toEqual(Buffer.from(b.request.aesKey));
    expect(Buffer.from(a.request.iv)).not.toEqual(Buffer.from(b.request.iv));
  });

  it("signs the exact body bytes when appSecret is set, so a verifying endpoint accepts it", async () => {
    const endpoint = referenceEndpoint({ privateKey, appSecret: "app-secret" });
    const payload = { version: "3.0", action: "data_exchange", screen: "A", data: { x: 1 } };
    const signed = await simulateFlowRequest({
      endpoint,
      publicKey: publicKeyPem,
      payload,
      appSecret: "app-secret",
    });
    expect(signed.status).toBe(200);
    expect(signed.response).toEqual({ data: { echo: payload } });
    expect(endpoint.received[0]?.signature).toBe(
      await signFlowBody(signed.request.body, "app-secret"),
    );

    const unsigned = await simulateFlowRequest({ endpoint, publicKey: publicKeyPem, payload });
    expect(unsigned.status).toBe(432);
    const wrong = await simulateFlowRequest({
      endpoint,
      publicKey: publicKeyPem,
      payload,
      appSecret: "app-secret",
      headers: { "X-Hub-Signature-256": "sha256=00" },
    });
    expect(wrong.status).toBe(432);
    expect(wrong.response).toBeUndefined();
  });

  it("returns 421 as is for a fixed key, and re-fetches the key and retries once for a key source", async () => {
    const endpoint = referenceEndpoint({ privateKey });
    const payload = { version: "3.0", action: "ping" };
    const fixed = await simulateFlowRequest({ endpoint, publicKey: otherPublicKeyPem, payload });
    expect(fixed.status).toBe(421);
    expect(fixed.attempts).toBe(1);

    const keys = [otherPublicKeyPem, publicKeyPem];
    let fetched = 0;
    const refreshed = await simulateFlowRequest({
      endpoint,
      publicKey: () => keys[fetched++],
      payload,
    });
    expect(fetched).toBe(2);
    expect(refreshed.status).toBe(200);
    expect(refreshed.attempts).toBe(2);

    const stillWrong = await simulateFlowRequest({
      endpoint,
      publicKey: () => otherPublicKeyPem,
      payload,
    });
    expect(stillWrong.status).toBe(421);
    expect(stillWrong.attempts).toBe(2);
  });

  it("passes a non-200 reply through with its body", async () => {
    const result = await simulateFlowRequest({
      endpoint: () => Response.json({ error_msg: "Flow token expired" }, { status: 427 }),
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "INIT" },
    });
    expect(result.status).toBe(427);
    expect(JSON.parse(result.body)).toEqual({ error_msg: "Flow token expired" });
    expect(result.response).toBeUndefined();
  });

  it("throws FlowResponseError for a 200 reply that is plaintext, or encrypted with the request IV unflipped", async () => {
    const plain = simulateFlowRequest({
      endpoint: () => Response.json({ data: { status: "active" } }),
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "ping" },
    });
    await expect(plain).rejects.toBeInstanceOf(FlowResponseError);
    await expect(plain).rejects.toMatchObject({
      status: 200,
      body: '{"data":{"status":"active"}}',
    });

    const unflipped = async (request: Request) => {
      const { aesKey, iv } = nodeDecryptRequest(await request.json(), privateKey);
      // A classic endpoint bug: reusing the request IV; this flips it twice to get it back.
      const reply = nodeEncryptReply(
        Buffer.from('{"data":{}}'),
        aesKey,
        Buffer.from(iv.map((b) => b ^ 0xff)),
      );
      return new Response(reply);
    };
    await expect(
      simulateFlowRequest({
        endpoint: unflipped,
        publicKey: publicKeyPem,
        payload: { version: "3.0", action: "ping" },
      }),
    ).rejects.toThrow(/inverted IV/);
  });

  it("throws FlowResponseError when the decrypted reply is not JSON", async () => {
    const notJson = async (request: Request) => {
      const { aesKey, iv } = nodeDecryptRequest(await request.json(), privateKey);
      return new Response(nodeEncryptReply(Buffer.from("not json"), aesKey, iv));
    };
    const failure = simulateFlowRequest({
      endpoint: notJson,
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "ping" },
    });
    await expect(failure).rejects.toThrow(/not JSON/);
    await expect(failure).rejects.toMatchObject({ responseText: "not json", status: 200 });
  });

  it("sends a string or bytes payload exactly as given", async () => {
    const seen: Buffer[] = [];
    const endpoint = async (request: Request) => {
      const { plaintext, aesKey, iv } = nodeDecryptRequest(await request.json(), privateKey);
      seen.push(plaintext);
      return new Response(nodeEncryptReply(Buffer.from("{}"), aesKey, iv));
    };
    await simulateFlowRequest({ endpoint, publicKey: publicKeyPem, payload: '{"version": "3.0"}' });
    await simulateFlowRequest({
      endpoint,
      publicKey: publicKeyPem,
      payload: new Uint8Array([0xff, 0x00]),
    });
    expect(seen[0]?.toString("utf8")).toBe('{"version": "3.0"}');
    expect([...(seen[1] ?? [])]).toEqual([0xff, 0x00]);
  });

  it("uses the given AES key and IV, and the reply decrypts with them", async () => {
    const endpoint = referenceEndpoint({ privateKey });
    const aesKey = new Uint8Array(16).fill(7);
    const iv = new Uint8Array(16).fill(9);
    const result = await simulateFlowRequest({
      endpoint,
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "BACK" },
      aesKey,
      iv,
    });
    expect([...(endpoint.received[0]?.aesKey ?? [])]).toEqual([...aesKey]);
    expect([...(endpoint.received[0]?.iv ?? [])]).toEqual([...iv]);
    // The reply was sealed under the inverted IV: node:crypto can reproduce the exact bytes.
    const expected = createCipheriv("aes-128-gcm", aesKey, new Uint8Array(16).fill(9 ^ 0xff));
    const sealed = Buffer.concat([
      expected.update(JSON.stringify({ data: { echo: { version: "3.0", action: "BACK" } } })),
      expected.final(),
      expected.getAuthTag(),
    ]);
    expect(result.body).toBe(sealed.toString("base64"));
  });

  it("accepts a WebCrypto public key and refuses one for another algorithm", async () => {
    const spki = createPublicKey(publicKeyPem).export({ type: "spki", format: "der" });
    const oaep = await crypto.subtle.importKey(
      "spki",
      spki,
      { name: "RSA-OAEP", hash: "SHA-256" },
      false,
      ["encrypt"],
    );
    const endpoint = referenceEndpoint({ privateKey });
    const ok = await simulateFlowRequest({
      endpoint,
      publicKey: oaep,
      payload: { version: "3.0", action: "ping" },
    });
    expect(ok.status).toBe(200);
    const sha1 = await crypto.subtle.importKey(
      "spki",
      spki,
      { name: "RSA-OAEP", hash: "SHA-1" },
      false,
      ["encrypt"],
    );
    await expect(
      simulateFlowRequest({
        endpoint,
        publicKey: sha1,
        payload: { version: "3.0", action: "ping" },
      }),
    ).rejects.toThrow(TypeError);
  });

  it("refuses a public key that is not one (KeyFormatError from parsePublicKey)", async () => {
    await expect(
      simulateFlowRequest({
        endpoint: () => new Response(),
        publicKey: "nope",
        payload: { version: "3.0", action: "ping" },
      }),
    ).rejects.toBeInstanceOf(KeyFormatError);
  });

  it("gives up after timeoutMs, as WhatsApp does after 10 s", async () => {
    const never = () => new Promise<Response>(() => {});
    await expect(
      simulateFlowRequest({
        endpoint: never,
        publicKey: publicKeyPem,
        payload: { version: "3.0", action: "ping" },
        timeoutMs: 20,
      }),
    ).rejects.toBeInstanceOf(FlowEndpointTimeoutError);
  });

  it("POSTs to a URL over real HTTP", async () => {
    const endpoint = referenceEndpoint({ privateKey, appSecret: "s3" });
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const reply = await endpoint(
        new Request("http://x/", {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(reply.status, { "content-type": "text/plain" }).end(await reply.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await simulateFlowRequest({
        endpoint: `http://127.0.0.1:${port}/flow`,
        publicKey: publicKeyPem,
        payload: { version: "3.0", action: "INIT", flow_token: "t" },
        appSecret: "s3",
      });
      expect(result.status).toBe(200);
      expect(result.response).toEqual({
        data: { echo: { version: "3.0", action: "INIT", flow_token: "t" } },
      });
      expect(result.headers.get("content-type")).toBe("text/plain");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("encrypts with the key the mock API holds after an upload, read by a key source", async () => {
    const mock = createMockHandler();
    const endpoint = referenceEndpoint({ privateKey });
    const source = () => mock.getBusinessPublicKey(DEFAULT_API_KEY);
    await expect(
      simulateFlowRequest({
        endpoint,
        publicKey: source,
        payload: { version: "3.0", action: "ping" },
      }),
    ).rejects.toThrow(/uploaded/);
    await mock(
      new Request("http://mock/whatsapp_business_encryption", {
        method: "POST",
        headers: {
          "D360-API-KEY": DEFAULT_API_KEY,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ business_public_key: publicKeyPem }),
      }),
    );
    const result = await simulateFlowRequest({
      endpoint,
      publicKey: source,
      payload: { version: "3.0", action: "ping" },
    });
    expect(result.status).toBe(200);
  });
});
