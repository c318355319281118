// What the simulator puts on the wire and reads back: exactly one request per attempt in the Node
// build (node:http), the error_msg of a 427 in either form, and media encrypted as WhatsApp does.
import { createDecipheriv, createHash, createHmac, generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { encryptFlowMedia, simulateFlowRequest as simulateOverFetch } from "../src/index.js";
import { simulateFlowRequest as simulateOverNodeHttp } from "../src/index.node.js";
import { nodeDecryptRequest, nodeEncryptReply } from "./reference-endpoint.js";

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback endpoint that answers every request with `answer` and counts what arrives. */
async function endpointServer(
  answer: (body: string) => { status: number; body: string; type?: string },
): Promise<{ url: string; received: () => number }> {
  let received = 0;
  server = createServer(async (request, response) => {
    received++;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const { status, body, type } = answer(Buffer.concat(chunks).toString("utf8"));
    response.writeHead(status, { "content-type": type ?? "text/plain" }).end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/flow`, received: () => received };
}

describe("the Node build sends exactly what WhatsApp sends", () => {
  it("one request for a 421 with a fixed key, two with a key source; attempts says so", async () => {
    const endpoint = await endpointServer(() => ({ status: 421, body: "Misdirected Request" }));
    const fixed = await simulateOverNodeHttp({
      endpoint: endpoint.url,
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "ping" },
    });
    expect(fixed.status).toBe(421);
    expect(fixed.attempts).toBe(1);
    expect(endpoint.received()).toBe(1);
    const refetched = await simulateOverNodeHttp({
      endpoint: endpoint.url,
      publicKey: () => publicKeyPem,
      payload: { version: "3.0", action: "ping" },
    });
    expect(refetched.attempts).toBe(2);
    expect(endpoint.received()).toBe(3);
  });

  it("(why) fetch re-sends a 421 once by itself, so over fetch the endpoint sees more than attempts", async () => {
    const endpoint = await endpointServer(() => ({ status: 421, body: "" }));
    const result = await simulateOverFetch({
      endpoint: endpoint.url,
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "ping" },
    });
    expect(result.attempts).toBe(1);
    expect(endpoint.received()).toBe(2);
  });

  it("decrypts a 200 over node:http and sends the body it signed, byte for byte", async () => {
    let sentBody = "";
    const endpoint = await endpointServer((body) => {
      sentBody = body;
      const { aesKey, iv } = nodeDecryptRequest(JSON.parse(body), privateKey);
      return {
        status: 200,
        body: nodeEncryptReply(Buffer.from('{"data":{"ok":true}}'), aesKey, iv),
      };
    });
    const result = await simulateOverNodeHttp({
      endpoint: endpoint.url,
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "INIT" },
      appSecret: "s",
    });
    expect(result.response).toEqual({ data: { ok: true } });
    expect(sentBody).toBe(result.request.body);
    expect(result.request.headers.get("x-hub-signature-256")).toBe(
      `sha256=${createHmac("sha256", "s").update(sentBody).digest("hex")}`,
    );
  });
});

describe("427", () => {
  it("reads error_msg from a plain JSON body (Meta's error-code docs)", async () => {
    const endpoint = await endpointServer(() => ({
      status: 427,
      body: '{"error_msg":"This form has expired."}',
      type: "application/json",
    }));
    const result = await simulateOverNodeHttp({
      endpoint: endpoint.url,
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "INIT", flow_token: "old" },
    });
    expect(result.status).toBe(427);
    expect(result.errorMsg).toBe("This form has expired.");
  });

  it("reads error_msg from a body encrypted like a reply (Meta's example endpoint)", async () => {
    const endpoint = await endpointServer((body) => {
      const { aesKey, iv } = nodeDecryptRequest(JSON.parse(body), privateKey);
      return {
        status: 427,
        body: nodeEncryptReply(Buffer.from('{"error_msg":"Session over."}'), aesKey, iv),
      };
    });
    const result = await simulateOverNodeHttp({
      endpoint: endpoint.url,
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "INIT", flow_token: "old" },
    });
    expect(result.errorMsg).toBe("Session over.");
    // An empty 427 has none.
    const empty = await simulateOverFetch({
      endpoint: () => new Response(null, { status: 427 }),
      publicKey: publicKeyPem,
      payload: { version: "3.0", action: "INIT" },
    });
    expect(empty.status).toBe(427);
    expect(empty.errorMsg).toBeUndefined();
  });
});

describe("encryptFlowMedia", () => {
  it("makes a file node:crypto checks and decrypts by Meta's steps", async () => {
    for (const size of [0, 15, 16, 1000]) {
      const plaintext = crypto.getRandomValues(new Uint8Array(size));
      const { file, metadata } = await encryptFlowMedia(plaintext);
      const b = (text: string) => Buffer.from(text, "base64");
      expect(createHash("sha256").update(file).digest().equals(b(metadata.encrypted_hash))).toBe(
        true,
      );
      const ciphertext = file.subarray(0, file.length - 10);
      const hmac = createHmac("sha256", b(metadata.hmac_key))
        .update(b(metadata.iv))
        .update(ciphertext)
        .digest();
      expect(hmac.subarray(0, 10).equals(file.subarray(file.length - 10))).toBe(true);
      const decipher = createDecipheriv("aes-256-cbc", b(metadata.encryption_key), b(metadata.iv));
      const decrypted = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      expect(decrypted.equals(plaintext)).toBe(true);
      expect(
        createHash("sha256").update(decrypted).digest().equals(b(metadata.plaintext_hash)),
      ).toBe(true);
      expect(b(metadata.encryption_key)).toHaveLength(32);
      expect(b(metadata.hmac_key)).toHaveLength(32);
      expect(b(metadata.iv)).toHaveLength(16);
    }
  });
});
