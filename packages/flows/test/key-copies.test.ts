// The endpoint's copies of a private key (src/key-ring.ts) and how decryptions in flight are
// spread over them (src/key-pool.ts). No polling and no clock: the test holds every decryption of
// a batch until all of them have started.
import { importPrivateKey } from "@d360-messaging/keys";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createFlowEndpoint } from "../src/index.js";
import { privateKeyCopies } from "../src/key-pool.js";
import {
  encryptRequestWithNode,
  generateTestKeyPair,
  postRequest,
  type TestKeyPair,
} from "./helpers.js";

// The same function, observed: each call's promise is in mock.results.
vi.mock("@d360-messaging/keys", async (importOriginal) => {
  const keys = await importOriginal<typeof import("@d360-messaging/keys")>();
  return { ...keys, importPrivateKey: vi.fn(keys.importPrivateKey) };
});

let pair: TestKeyPair;
beforeAll(() => {
  pair = generateTestKeyPair();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.mocked(importPrivateKey).mockClear();
});

/** The distinct keys that a batch of 8 requests in flight at once were decrypted with. */
async function keysOfBatch(endpoint: (request: Request) => Promise<Response>): Promise<number> {
  const used = new Set<CryptoKey>();
  const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
  let started = 0;
  let release: () => void = () => {};
  const allStarted = new Promise<void>((resolve) => {
    release = resolve;
  });
  vi.spyOn(crypto.subtle, "decrypt").mockImplementation(async (algorithm, key, data) => {
    if ((algorithm as Algorithm).name === "RSA-OAEP") {
      used.add(key);
      // No decryption finishes before all 8 have taken a key: otherwise a released key could be
      // taken again, and the last request could find itself alone (the synchronous path).
      if (++started === 8) release();
      await allStarted;
    }
    return decrypt(algorithm, key, data);
  });
  const responses = await Promise.all(
    Array.from({ length: 8 }, () => {
      const { body } = encryptRequestWithNode({ version: "3.0", action: "ping" }, pair.publicKey);
      return endpoint(postRequest(JSON.stringify(body)));
    }),
  );
  expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
  vi.mocked(crypto.subtle.decrypt).mockRestore();
  return used.size;
}

describe("imports of the private key", () => {
  it("an encrypted key is read once (one passphrase KDF), copied privateKeyCopies() times, and 8 decryptions in flight use every copy", async () => {
    const passphrase = "correct horse";
    const privateKey = pair.privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase,
    }) as string;
    const endpoint = createFlowEndpoint({ privateKey, passphrase, handle: () => ({ data: {} }) });
    await endpoint.ready();
    // Node 20 has no navigator: four imports, one per thread of libuv's default threadpool.
    expect(privateKeyCopies()).toBe(4);
    expect(vi.mocked(importPrivateKey).mock.calls.length).toBe(1);
    expect(await keysOfBatch(endpoint)).toBe(4);
  });

  it("a CryptoKey that cannot be exported cannot be copied: it is used alone, and still works", async () => {
    const privateKey = await crypto.subtle.importKey(
      "pkcs8",
      pair.privateKey.export({ type: "pkcs8", format: "der" }),
      { name: "RSA-OAEP", hash: "SHA-256" },
      false,
      ["decrypt"],
    );
    const endpoint = createFlowEndpoint({ privateKey, handle: () => ({ data: {} }) });
    await endpoint.ready();
    expect(await keysOfBatch(endpoint)).toBe(1);
  });
});
