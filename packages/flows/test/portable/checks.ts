// Runtime-neutral checks of the flows package: Web APIs only (crypto.subtle, Request, Response,
// TextEncoder, atob/btoa), so the same bundle runs on Node, Deno, Bun and workerd. The WhatsApp
// side is written here again on WebCrypto with atob/btoa, separately from the package's code.
// The import below names the sources for type checking; the bundler (../runtimes.test.ts)
// points it at the built dist, which is what runs.
import {
  createFlowEndpoint,
  decryptFlowMedia,
  decryptFlowRequest,
  encryptFlowResponse,
  FlowTokenExpiredError,
  isFlowMediaError,
  verifyFlowSignature,
} from "../../src/index.js";

/** The captured vector as injected at bundle time; the private key already opened (PKCS#8). */
export interface PortableVector {
  privateKeyPkcs8Pem: string;
  request: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  decryptedPayload: Record<string, unknown>;
  aesKeyHex: string;
  response: { plaintextUtf8: string; encryptedBase64: string };
  webhookSignature: { appSecret: string; rawBody: string; header: string };
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

const utf8 = new TextEncoder();
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const APP_SECRET = "portable-app-secret";

/** Deterministic PRNG (mulberry32), so a failing mutation can be reproduced. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sent {
  body: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  aesKey: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
}

async function whatsappEncrypt(
  plaintext: string,
  publicKey: CryptoKey,
  aesKey = random(16),
): Promise<Sent> {
  const iv = random(16);
  const encryptedKey = new Uint8Array(
    await crypto.subtle.encrypt({ name: "RSA-OAEP" }, publicKey, aesKey),
  );
  const key = await crypto.subtle.importKey("raw", aesKey, "AES-GCM", false, ["encrypt"]);
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, utf8.encode(plaintext)),
  );
  return {
    body: {
      encrypted_flow_data: toBase64(data),
      encrypted_aes_key: toBase64(encryptedKey),
      initial_vector: toBase64(iv),
    },
    aesKey,
    iv,
  };
}

async function whatsappDecryptReply(
  text: string,
  aesKey: Uint8Array<ArrayBuffer>,
  iv: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const key = await crypto.subtle.importKey("raw", aesKey, "AES-GCM", false, ["decrypt"]);
  const flipped = iv.map((b) => b ^ 0xff);
  return new TextDecoder().decode(
    await crypto.subtle.decrypt({ name: "AES-GCM", iv: flipped }, key, fromBase64(text)),
  );
}

async function sign(raw: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return `sha256=${toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(raw))))}`;
}

function pem(label: string, der: ArrayBuffer): string {
  const body = toBase64(new Uint8Array(der)).replace(/.{64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("https://flows.example/endpoint", { method: "POST", body, headers });

function flipByte(base64: string, index: number): string {
  const bytes = fromBase64(base64);
  const at = ((index % bytes.length) + bytes.length) % bytes.length;
  bytes[at] = (bytes[at] as number) ^ 0x01;
  return toBase64(bytes);
}

export async function runChecks(vector: PortableVector | null): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, run: () => Promise<unknown> | unknown) => {
    try {
      const outcome = await run();
      results.push(
        outcome === true
          ? { name, ok: true }
          : { name, ok: false, detail: `got ${JSON.stringify(outcome)}` },
      );
    } catch (error) {
      results.push({
        name,
        ok: false,
        detail: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      });
    }
  };

  if (vector !== null) {
    const aesKey = Uint8Array.from(vector.aesKeyHex.match(/../g) ?? [], (h) =>
      Number.parseInt(h, 16),
    );
    const iv = fromBase64(vector.request.initial_vector);
    await check(
      "vector: reply encrypts byte for byte to the captured ciphertext",
      async () =>
        (await encryptFlowResponse(vector.response.plaintextUtf8, aesKey, iv)) ===
        vector.response.encryptedBase64,
    );
    await check("vector: request decrypts to the captured AES key and payload", async () => {
      const key = await crypto.subtle.importKey(
        "pkcs8",
        fromBase64(vector.privateKeyPkcs8Pem.replace(/-----[^-]+-----|\s/g, "")),
        { name: "RSA-OAEP", hash: "SHA-256" },
        false,
        ["decrypt"],
      );
      const decrypted = await decryptFlowRequest(vector.request, key);
      return (
        toHex(decrypted.aesKey) === vector.aesKeyHex &&
        JSON.stringify(decrypted.payload) === JSON.stringify(vector.decryptedPayload)
      );
    });
    await check("vector: endpoint answers the captured request (key given as PEM)", async () => {
      const endpoint = createFlowEndpoint({
        privateKey: vector.privateKeyPkcs8Pem,
        handle: () => vector.response.plaintextUtf8,
      });
      const response = await endpoint(post(JSON.stringify(vector.request)));
      return response.status === 200 && (await response.text()) === vector.response.encryptedBase64;
    });
    const { appSecret, rawBody, header } = vector.webhookSignature;
    await check("vector: webhook signature verifies", () =>
      verifyFlowSignature(rawBody, header, ["old", appSecret]),
    );
    await check(
      "vector: tampered body or header does not verify",
      async () =>
        !(await verifyFlowSignature(`${rawBody} `, header, appSecret)) &&
        !(await verifyFlowSignature(
          rawBody,
          `${header.slice(0, -1)}${header.endsWith("0") ? "1" : "0"}`,
          appSecret,
        )) &&
        !(await verifyFlowSignature(rawBody, null, appSecret)),
    );
  }

  const pair = (await crypto.subtle.generateKey(
    {
      name: "RSA-OAEP",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["encrypt", "decrypt"],
  )) as CryptoKeyPair;
  const other = (await crypto.subtle.generateKey(
    {
      name: "RSA-OAEP",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["encrypt", "decrypt"],
  )) as CryptoKeyPair;
  const privatePem = pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", pair.privateKey));

  let handled = 0;
  const endpoint = createFlowEndpoint({
    privateKey: privatePem,
    appSecret: APP_SECRET,
    maxBodyBytes: 64 * 1024,
    handle: (payload) => {
      handled++;
      if (payload.flow_token === "expired") throw new FlowTokenExpiredError("Expired");
      if (payload.flow_token === "boom") throw new Error("handler bug");
      return { screen: "NEXT", data: { action: payload.action, echo: payload.data ?? null } };
    },
  });
  const call = async (sent: Sent | string, headers?: Record<string, string>) => {
    const raw = typeof sent === "string" ? sent : JSON.stringify(sent.body);
    return endpoint(post(raw, headers ?? { "x-hub-signature-256": await sign(raw, APP_SECRET) }));
  };
  const ping = await whatsappEncrypt('{"version":"3.0","action":"ping"}', pair.publicKey);

  await check("round trip: ping answered by the endpoint", async () => {
    const response = await call(ping);
    return (
      response.status === 200 &&
      response.headers.get("content-type") === "text/plain" &&
      (await whatsappDecryptReply(await response.text(), ping.aesKey, ping.iv)) ===
        '{"data":{"status":"active"}}'
    );
  });
  await check("round trip: data_exchange through handle", async () => {
    const sent = await whatsappEncrypt(
      JSON.stringify({
        version: "3.0",
        action: "data_exchange",
        screen: "A",
        data: { name: "Zoë 😀" },
        flow_token: "t",
      }),
      pair.publicKey,
    );
    const response = await call(sent);
    const reply = await whatsappDecryptReply(await response.text(), sent.aesKey, sent.iv);
    return (
      reply ===
      JSON.stringify({
        screen: "NEXT",
        data: { action: "data_exchange", echo: { name: "Zoë 😀" } },
      })
    );
  });
  await check("round trip: error notification acknowledged without handle", async () => {
    const before = handled;
    const sent = await whatsappEncrypt(
      '{"version":"3.0","action":"data_exchange","data":{"error":"bad"}}',
      pair.publicKey,
    );
    const response = await call(sent);
    return (
      before === handled &&
      (await whatsappDecryptReply(await response.text(), sent.aesKey, sent.iv)) ===
        '{"data":{"acknowledged":true}}'
    );
  });
  await check("decryptFlowRequest/encryptFlowResponse round trip", async () => {
    const key = await crypto.subtle.importKey(
      "pkcs8",
      await crypto.subtle.exportKey("pkcs8", pair.privateKey),
      { name: "RSA-OAEP", hash: "SHA-256" },
      false,
      ["decrypt"],
    );
    const { payload, aesKey, iv } = await decryptFlowRequest(JSON.stringify(ping.body), key);
    const reply = await encryptFlowResponse({ data: { ok: true } }, aesKey, iv);
    return (
      payload.action === "ping" &&
      (await whatsappDecryptReply(reply, ping.aesKey, ping.iv)) === '{"data":{"ok":true}}'
    );
  });

  const statusOf = async (sent: Sent | string, headers?: Record<string, string>) =>
    (await call(sent, headers)).status;
  const expectStatus = (name: string, status: number, run: () => Promise<number>) =>
    check(`${name} → ${status}`, async () => {
      const got = await run();
      return got === status ? true : got;
    });
  const withBody = (patch: Partial<Sent["body"]>): string =>
    JSON.stringify({ ...ping.body, ...patch });
  await expectStatus("tampered ciphertext", 421, () =>
    statusOf(withBody({ encrypted_flow_data: flipByte(ping.body.encrypted_flow_data, 0) })),
  );
  await expectStatus("tampered tag", 421, () =>
    statusOf(withBody({ encrypted_flow_data: flipByte(ping.body.encrypted_flow_data, -1) })),
  );
  await expectStatus("tampered IV", 421, () =>
    statusOf(withBody({ initial_vector: flipByte(ping.body.initial_vector, 3) })),
  );
  await expectStatus("tampered AES key", 421, () =>
    statusOf(withBody({ encrypted_aes_key: flipByte(ping.body.encrypted_aes_key, 7) })),
  );
  await expectStatus("request for another public key", 421, async () =>
    statusOf(await whatsappEncrypt('{"version":"3.0","action":"ping"}', other.publicKey)),
  );
  await expectStatus("32-byte AES key", 421, async () =>
    statusOf(
      await whatsappEncrypt('{"version":"3.0","action":"ping"}', pair.publicKey, random(32)),
    ),
  );
  await expectStatus("bad base64", 421, () => statusOf(withBody({ initial_vector: "%%%%" })));
  await expectStatus("missing field", 400, () =>
    statusOf(JSON.stringify({ encrypted_flow_data: "", initial_vector: "" })),
  );
  await expectStatus("not JSON", 400, () => statusOf("{"));
  await expectStatus("oversized body", 413, () => statusOf(" ".repeat(64 * 1024 + 1)));
  await expectStatus("wrong signature", 432, async () =>
    statusOf(ping, {
      "x-hub-signature-256": await sign(JSON.stringify(ping.body), "other-secret"),
    }),
  );
  await expectStatus("missing signature header", 432, () => statusOf(ping, {}));
  await expectStatus(
    "GET",
    405,
    async () => (await endpoint(new Request("https://flows.example/endpoint"))).status,
  );
  await expectStatus("expired flow token", 427, async () =>
    statusOf(
      await whatsappEncrypt(
        '{"version":"3.0","action":"INIT","flow_token":"expired"}',
        pair.publicKey,
      ),
    ),
  );
  await expectStatus("handler error", 500, async () =>
    statusOf(
      await whatsappEncrypt(
        '{"version":"3.0","action":"INIT","flow_token":"boom"}',
        pair.publicKey,
      ),
    ),
  );

  await check(
    "key rotation: [new, old] opens a request under the old key as keyIndex 1",
    async () => {
      const otherPem = pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", other.privateKey));
      const rotating = createFlowEndpoint({
        privateKey: [privatePem, otherPem],
        handle: (_payload, context) => ({ data: { key: context.keyIndex } }),
      });
      await rotating.ready();
      const sent = await whatsappEncrypt('{"version":"3.0","action":"INIT"}', other.publicKey);
      const response = await rotating(post(JSON.stringify(sent.body)));
      return (
        (await whatsappDecryptReply(await response.text(), sent.aesKey, sent.iv)) ===
        '{"data":{"key":1}}'
      );
    },
  );
  await check("ready() rejects with KeyFormatError for a key that cannot be imported", async () => {
    const broken = createFlowEndpoint({ privateKey: "not a key", handle: () => ({ data: {} }) });
    return broken.ready().then(
      () => "resolved",
      (error: unknown) => (error as Error).name === "KeyFormatError" || String(error),
    );
  });

  // Media as Meta's "Media upload components" describes it, made here on WebCrypto:
  // AES-256-CBC/PKCS#7, then the first 10 bytes of HMAC-SHA256(hmac_key, iv ‖ ciphertext).
  const encryptMedia = async (
    plaintext: Uint8Array<ArrayBuffer>,
    ciphertextOverride?: Uint8Array,
    keys: { encryptionKey?: Uint8Array<ArrayBuffer>; iv?: Uint8Array<ArrayBuffer> } = {},
  ) => {
    const encryptionKey = keys.encryptionKey ?? random(32);
    const hmacKey = random(32);
    const iv = keys.iv ?? random(16);
    const aes = await crypto.subtle.importKey("raw", encryptionKey, "AES-CBC", false, ["encrypt"]);
    const ciphertext =
      ciphertextOverride ??
      new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv }, aes, plaintext));
    const mac = await crypto.subtle.importKey(
      "raw",
      hmacKey,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const signed = new Uint8Array(iv.length + ciphertext.length);
    signed.set(iv);
    signed.set(ciphertext, iv.length);
    const hmac10 = new Uint8Array(await crypto.subtle.sign("HMAC", mac, signed)).subarray(0, 10);
    const file = new Uint8Array(ciphertext.length + 10);
    file.set(ciphertext);
    file.set(hmac10, ciphertext.length);
    const digest = async (bytes: Uint8Array<ArrayBuffer>) =>
      toBase64(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
    return {
      file,
      metadata: {
        encryption_key: toBase64(encryptionKey),
        hmac_key: toBase64(hmacKey),
        iv: toBase64(iv),
        plaintext_hash: await digest(plaintext),
        encrypted_hash: await digest(file),
      },
    };
  };
  const mediaCode = (promise: Promise<unknown>) =>
    promise.then(
      () => "resolved",
      (error: unknown) => (isFlowMediaError(error) ? error.code : String(error)),
    );
  await check("media: decryptFlowMedia opens a PhotoPicker file", async () => {
    const photo = random(5000);
    const { file, metadata } = await encryptMedia(photo);
    const decrypted = await decryptFlowMedia(file, metadata);
    return toHex(decrypted) === toHex(photo);
  });
  await check("media: each step names its failure", async () => {
    const { file, metadata } = await encryptMedia(random(100));
    const trailer = new Uint8Array(file);
    trailer[trailer.length - 1] = (trailer[trailer.length - 1] as number) ^ 1;
    const digest = toBase64(new Uint8Array(await crypto.subtle.digest("SHA-256", trailer)));
    // Two blocks ending in 0x00, without their padding block: never valid PKCS#7. The HMAC and
    // hashes are made over them, so only the padding check can catch it.
    const unpadded = new Uint8Array(32).fill(7);
    unpadded[31] = 0;
    const paddingKey = random(32);
    const paddingIv = random(16);
    const cbc = await crypto.subtle.importKey("raw", paddingKey, "AES-CBC", false, ["encrypt"]);
    const full = new Uint8Array(
      await crypto.subtle.encrypt({ name: "AES-CBC", iv: paddingIv }, cbc, unpadded),
    );
    const badPadding = await encryptMedia(unpadded, full.subarray(0, 32), {
      encryptionKey: paddingKey,
      iv: paddingIv,
    });
    const codes = [
      await mediaCode(decryptFlowMedia(trailer, metadata)),
      await mediaCode(decryptFlowMedia(trailer, { ...metadata, encrypted_hash: digest })),
      await mediaCode(decryptFlowMedia(file, { ...metadata, iv: flipByte(metadata.iv, 0) })),
      await mediaCode(
        decryptFlowMedia(file, {
          ...metadata,
          plaintext_hash: flipByte(metadata.plaintext_hash, 0),
        }),
      ),
      await mediaCode(decryptFlowMedia(badPadding.file, badPadding.metadata)),
    ];
    const expected = [
      "encrypted-hash-mismatch",
      "hmac-mismatch",
      "hmac-mismatch",
      "plaintext-hash-mismatch",
      "invalid-padding",
    ];
    return JSON.stringify(codes) === JSON.stringify(expected) || codes;
  });

  await check("200 mutated bodies: each gets a documented status, none throws", async () => {
    const next = prng(0x5eed);
    const raw = JSON.stringify(ping.body);
    const allowed = new Set([200, 400, 413, 421]);
    const alphabet = 'AZaz09+/="{}:, \\\u00e9';
    for (let i = 0; i < 200; i++) {
      const chars = [...raw];
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * chars.length);
        const kind = next();
        const char = alphabet[Math.floor(next() * alphabet.length)] as string;
        if (kind < 0.4) chars[at] = char;
        else if (kind < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, char);
      }
      const mutated = chars.join("");
      const response = await call(mutated);
      if (!allowed.has(response.status)) return `mutation ${i} gave ${response.status}`;
      if (mutated !== raw && response.status === 200) {
        // Only a change that keeps the same decoded bytes may still succeed (e.g. JSON spacing).
        const body = JSON.parse(mutated) as Sent["body"];
        if (
          body.encrypted_flow_data !== ping.body.encrypted_flow_data ||
          body.initial_vector !== ping.body.initial_vector ||
          body.encrypted_aes_key !== ping.body.encrypted_aes_key
        ) {
          return `mutation ${i} changed a field and still got 200`;
        }
      }
    }
    return true;
  });
  return results;
}
