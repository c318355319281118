// Checks that run unchanged on Node, Deno, Bun and workerd: Web APIs only, no node: imports.
// The driver (../runtimes.test.ts) bundles them with the BUILT package and runs the bundle.
import {
  createMockHandler,
  DEFAULT_API_KEY,
  decryptFlowResponse,
  encryptFlowMedia,
  flipIv,
  signFlowBody,
  simulateFlowRequest,
} from "../../src/index.js";

/** The parts of flows-captured.json these checks use (no private key). */
export interface PortableVector {
  initialVector: string;
  aesKeyHex: string;
  response: { plaintextUtf8: string; encryptedBase64: string };
  webhookSignature: { appSecret: string; rawBody: string; header: string };
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

const PATH = "http://mock.test/whatsapp_business_encryption";
const auth = { "D360-API-KEY": DEFAULT_API_KEY };
const form = { ...auth, "content-type": "application/x-www-form-urlencoded" };

function assert(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new Error(detail);
}

function b64(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

function unb64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function pem(label: string, der: ArrayBuffer): string {
  const lines = b64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function hex(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

async function keyPair() {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSA-OAEP",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["encrypt", "decrypt"],
  );
  return {
    privateKey: pair.privateKey,
    publicPem: pem("PUBLIC KEY", await crypto.subtle.exportKey("spki", pair.publicKey)),
    privatePem: pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", pair.privateKey)),
  };
}

/** A minimal Flows endpoint on WebCrypto, for the round trip on this runtime. */
function endpoint(privateKey: CryptoKey) {
  return async (request: Request) => {
    const body = (await request.json()) as Record<string, string>;
    const rawKey = await crypto.subtle.decrypt(
      { name: "RSA-OAEP" },
      privateKey,
      unb64(body.encrypted_aes_key ?? ""),
    );
    const aes = await crypto.subtle.importKey("raw", rawKey, "AES-GCM", false, [
      "encrypt",
      "decrypt",
    ]);
    const iv = unb64(body.initial_vector ?? "");
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv },
      aes,
      unb64(body.encrypted_flow_data ?? ""),
    );
    const payload = JSON.parse(new TextDecoder().decode(plain)) as unknown;
    const reply = new TextEncoder().encode(JSON.stringify({ data: { echo: payload } }));
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv: flipIv(iv) }, aes, reply);
    return new Response(b64(sealed), { headers: { "content-type": "text/plain" } });
  };
}

export async function runChecks(vector: PortableVector | null): Promise<CheckResult[]> {
  const { privateKey, publicPem, privatePem } = await keyPair();
  const checks: [string, () => Promise<void>][] = [
    [
      "webhooks: statuses and an inbound message are sent signed, with WebCrypto and timers only",
      async () => {
        const seen: { status: string; body: string; signature: string }[] = [];
        const secret = "portable-webhook-secret";
        const mock = createMockHandler({
          webhooks: {
            url: "http://receiver.test/hook",
            secret,
            delays: { sent: 0, delivered: 0, read: 0 },
            fetch: async (request) => {
              const body = await request.text();
              const value = JSON.parse(body).entry[0].changes[0].value;
              seen.push({
                status: value.statuses?.[0]?.status ?? value.messages?.[0]?.type,
                body,
                signature: request.headers.get("x-360dialog-signature") ?? "",
              });
              return new Response("ok");
            },
          },
        });
        mock.messageEvents.emit({ id: "wamid.P", to: "1555", apiKey: "k", body: {}, at: 0 });
        await mock.webhooks.idle();
        await mock.webhooks.inbound({ from: "1555", text: "hi" });
        assert(
          seen.map((s) => s.status).join() === "sent,delivered,read,text",
          seen.map((s) => s.status).join(),
        );
        const key = await crypto.subtle.importKey(
          "raw",
          new TextEncoder().encode(secret),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["verify"],
        );
        for (const { body, signature } of seen) {
          const mac = Uint8Array.from(signature.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
          const ok = await crypto.subtle.verify("HMAC", key, mac, new TextEncoder().encode(body));
          assert(ok, "x-360dialog-signature verifies");
        }
      },
    ],
    [
      "GET before any upload answers an empty data array",
      async () => {
        const res = await createMockHandler()(new Request(PATH, { headers: auth }));
        assert(res.status === 200, `status ${res.status}`);
        assert((await res.text()) === '{"data":[]}', "body");
      },
    ],
    [
      "urlencoded and multipart uploads are stored and read back VALID",
      async () => {
        const mock = createMockHandler();
        const up = await mock(
          new Request(PATH, {
            method: "POST",
            headers: form,
            body: new URLSearchParams({ business_public_key: publicPem }),
          }),
        );
        assert(up.status === 200, `urlencoded status ${up.status}`);
        const multipart = new FormData();
        multipart.set("business_public_key", publicPem);
        const up2 = await mock(
          new Request(PATH, { method: "POST", headers: auth, body: multipart }),
        );
        assert(up2.status === 200, `multipart status ${up2.status}`);
        const got = (await (await mock(new Request(PATH, { headers: auth }))).json()) as {
          data: { business_public_key: string; business_public_key_signature_status: string }[];
        };
        assert(got.data[0]?.business_public_key === publicPem, "stored key");
        assert(got.data[0]?.business_public_key_signature_status === "VALID", "status");
      },
    ],
    [
      "an operation answered from the spec: schema validation (no eval) and a built response",
      async () => {
        // Not `/messages`: that one is hand-written (routes/messages.ts).
        const spec = {
          paths: {
            "/spec/messages": {
              post: {
                operationId: "spec-send-message",
                requestBody: {
                  required: true,
                  content: { "application/json": { schema: { $ref: "#/components/schemas/M" } } },
                },
                responses: {
                  "200": {
                    content: {
                      "application/json": {
                        schema: {
                          type: "object",
                          properties: { id: { type: "string", example: "wamid.1" } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          components: {
            schemas: {
              M: { type: "object", required: ["to"], properties: { to: { type: "string" } } },
            },
          },
        };
        const mock = createMockHandler({ spec });
        const post = (body: unknown) =>
          mock(
            new Request("http://mock.test/spec/messages", {
              method: "POST",
              headers: { ...auth, "content-type": "application/json" },
              body: JSON.stringify(body),
            }),
          );
        const ok = await post({ to: "1" });
        assert(ok.status === 200, `status ${ok.status}`);
        assert((await ok.text()) === '{"id":"wamid.1"}', "built response");
        const bad = await post({});
        assert(bad.status === 400, `invalid body status ${bad.status}`);
        assert(
          ((await bad.json()) as { error: string }).error.includes('"to"'),
          "error names the field",
        );
      },
    ],
    [
      "media upload, its URL, the CDN download with the API key, and a message sending it by id",
      async () => {
        const mock = createMockHandler();
        const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);
        const upload = new FormData();
        upload.set("messaging_product", "whatsapp");
        upload.set("type", "image/png");
        upload.set("file", new Blob([bytes], { type: "image/png" }), "a.png");
        const up = await mock(
          new Request("http://mock.test/media", { method: "POST", headers: auth, body: upload }),
        );
        assert(up.status === 200, `upload status ${up.status}`);
        const { id } = (await up.json()) as { id: string };
        const info = (await (
          await mock(new Request(`http://mock.test/${id}`, { headers: auth }))
        ).json()) as { url: string; sha256: string; file_size: string };
        const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
        const hex = Array.from(expected, (b) => b.toString(16).padStart(2, "0")).join("");
        assert(info.sha256 === hex && info.file_size === "10", "sha256 and size");
        const download = await mock(new Request(info.url, { headers: auth }));
        const got = new Uint8Array(await download.arrayBuffer());
        assert(got.join() === bytes.join(), "downloaded bytes");
        const sent = await mock(
          new Request("http://mock.test/messages", {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body: JSON.stringify({
              messaging_product: "whatsapp",
              to: "+4915112345678",
              type: "image",
              image: { id },
            }),
          }),
        );
        assert(sent.status === 200, `send status ${sent.status}`);
        const answer = (await sent.json()) as { messages: { id: string }[] };
        assert(answer.messages[0]?.id === mock.messages[0]?.id, "recorded id");
        assert(/^wamid\./.test(answer.messages[0]?.id ?? ""), "wamid");
      },
    ],
    [
      "a private key upload is refused with 400 and no key material",
      async () => {
        const res = await createMockHandler()(
          new Request(PATH, {
            method: "POST",
            headers: form,
            body: new URLSearchParams({ business_public_key: privatePem }),
          }),
        );
        assert(res.status === 400, `status ${res.status}`);
        const text = await res.text();
        assert(
          !text.includes(privatePem.split("\n")[1]?.slice(0, 16) ?? "-"),
          "echoed key material",
        );
      },
    ],
    [
      "401, 404 and 405 answer ErrorResp",
      async () => {
        const mock = createMockHandler();
        const statuses = [
          (await mock(new Request(PATH))).status,
          // Two segments: a one-segment path is `GET /{media_id}` (Meta's Media), a 404 of its own.
          (await mock(new Request("http://mock.test/nope/nowhere", { headers: auth }))).status,
          // PUT: DELETE on this path is `DELETE /{media_id}`.
          (await mock(new Request(PATH, { method: "PUT", headers: auth }))).status,
        ];
        assert(statuses.join() === "401,404,405", statuses.join());
      },
    ],
    [
      "the rate limit answers 400 with the vendor's message; a streamed upload over the limit is 413",
      async () => {
        const mock = createMockHandler({
          rateLimit: { requests: 1, perMs: 60_000 },
          maxBodyBytes: 64,
        });
        assert((await mock(new Request(PATH, { headers: auth }))).status === 200, "first");
        const refused = await mock(new Request(PATH, { headers: auth }));
        assert(refused.status === 400, `status ${refused.status}`);
        const text = await refused.text();
        assert(text === '{"error":"You have exceeded the endpoint rate limit."}', text);
        const big = await mock(
          new Request(PATH, {
            method: "POST",
            headers: form,
            body: new URLSearchParams({ business_public_key: "A".repeat(100) }),
          }),
        );
        assert(big.status === 413, `oversized status ${big.status}`);
      },
    ],
    [
      "faults: a queued 503, then the API; a drop rejects with a TypeError",
      async () => {
        const mock = createMockHandler();
        mock.faults.enqueue({ status: 503, headers: { "Retry-After": "1" } });
        mock.faults.enqueue({ drop: true });
        const first = await mock(new Request(PATH, { headers: auth }));
        assert(first.status === 503 && first.headers.get("retry-after") === "1", "503");
        const dropped = await mock(new Request(PATH, { headers: auth })).catch((e: unknown) => e);
        assert(dropped instanceof TypeError, "drop");
        assert((await mock(new Request(PATH, { headers: auth }))).status === 200, "after faults");
      },
    ],
    [
      "the simulator round-trips with a WebCrypto endpoint, signed",
      async () => {
        const result = await simulateFlowRequest({
          endpoint: endpoint(privateKey),
          publicKey: publicPem,
          payload: { version: "3.0", action: "ping" },
          appSecret: "s",
        });
        assert(result.status === 200, `status ${result.status}`);
        assert(
          JSON.stringify(result.response) === '{"data":{"echo":{"version":"3.0","action":"ping"}}}',
          "reply",
        );
        const signature = result.request.headers.get("x-hub-signature-256");
        assert(signature === (await signFlowBody(result.request.body, "s")), "signature");
      },
    ],
    [
      "CDN: a file from encryptFlowMedia is served byte for byte, and its HMAC and hashes check out",
      async () => {
        const mock = createMockHandler();
        const photo = crypto.getRandomValues(new Uint8Array(1000));
        const { file, metadata } = await encryptFlowMedia(photo);
        const path = mock.cdn.put(file);
        const served = new Uint8Array(
          await (await mock(new Request(`http://mock.test${path}`))).arrayBuffer(),
        );
        assert(b64(served) === b64(file), "served bytes");
        const digest = async (bytes: Uint8Array<ArrayBuffer>) =>
          b64(await crypto.subtle.digest("SHA-256", bytes));
        assert((await digest(served)) === metadata.encrypted_hash, "encrypted_hash");
        const iv = unb64(metadata.iv);
        const ciphertext = served.slice(0, served.length - 10);
        const mac = await crypto.subtle.importKey(
          "raw",
          unb64(metadata.hmac_key),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["sign"],
        );
        const signed = new Uint8Array(iv.length + ciphertext.length);
        signed.set(iv);
        signed.set(ciphertext, iv.length);
        const hmac = new Uint8Array(await crypto.subtle.sign("HMAC", mac, signed));
        assert(b64(hmac.slice(0, 10)) === b64(served.slice(served.length - 10)), "hmac10");
        const aes = await crypto.subtle.importKey(
          "raw",
          unb64(metadata.encryption_key),
          "AES-CBC",
          false,
          ["decrypt"],
        );
        const plain = new Uint8Array(
          await crypto.subtle.decrypt({ name: "AES-CBC", iv }, aes, ciphertext),
        );
        assert(b64(plain) === b64(photo), "plaintext");
        assert((await digest(plain)) === metadata.plaintext_hash, "plaintext_hash");
      },
    ],
  ];
  if (vector) {
    checks.push(
      [
        "vector: the captured reply decrypts to its exact plaintext",
        async () => {
          const text = await decryptFlowResponse(
            vector.response.encryptedBase64,
            hex(vector.aesKeyHex),
            unb64(vector.initialVector),
          );
          assert(text === vector.response.plaintextUtf8, "plaintext");
        },
      ],
      [
        "vector: the webhook signature matches",
        async () => {
          const { rawBody, appSecret, header } = vector.webhookSignature;
          assert((await signFlowBody(rawBody, appSecret)) === header, "signature");
        },
      ],
    );
  }
  const results: CheckResult[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, detail: String(error) });
    }
  }
  return results;
}
