import type { CryptoKey, JsonWebKey } from "@d360-messaging/keys";
import { importPrivateKey } from "@d360-messaging/keys";
import type { FlowCrypto } from "./crypto/backend.js";
import { assertDecryptionKey, rsaDecrypt } from "./decrypt.js";
import { KeyPool, privateKeyCopies } from "./key-pool.js";
import { openWithFirstKey } from "./wrong-key.js";

// The endpoint's private keys: one during normal operation, several during a rotation (current
// first). Meta's rotation, as "Implementing Endpoint for Flows" describes it: deploy the endpoint
// with the new key and the old one, upload the new public key, WhatsApp re-fetches it when a
// request gets 421, then drop the old key. A request is opened by the first key that can.

/** Anything importPrivateKey of @d360-messaging/keys accepts. */
export type PrivateKeyInput = string | Uint8Array | JsonWebKey | CryptoKey;

const RSA_OAEP_SHA256 = { name: "RSA-OAEP", hash: "SHA-256" } as const;

/** The private key inputs as a list, each with its passphrase. */
export function keyInputs(
  privateKey: PrivateKeyInput | readonly PrivateKeyInput[],
  passphrase: string | readonly (string | undefined)[] | undefined,
): Array<{ input: PrivateKeyInput; passphrase: string | undefined }> {
  const inputs: readonly PrivateKeyInput[] = Array.isArray(privateKey)
    ? privateKey
    : [privateKey as PrivateKeyInput];
  if (inputs.length === 0) {
    throw new TypeError("createFlowEndpoint: privateKey must be a key or a non-empty list of keys");
  }
  if (Array.isArray(passphrase) && passphrase.length !== inputs.length) {
    throw new TypeError(
      `createFlowEndpoint: passphrase lists ${passphrase.length} entries for ${inputs.length} private keys; give one per key (undefined for an unencrypted one) or a single string`,
    );
  }
  return inputs.map((input, i) => ({
    input,
    passphrase: Array.isArray(passphrase) ? passphrase[i] : (passphrase as string | undefined),
  }));
}

/**
 * Imports one private key into a pool. The key is read (and its passphrase KDF run) once, as an
 * extractable key whose PKCS#8 bytes then make the non-extractable copies the pool hands out and,
 * on Node, the key for node:crypto; the bytes are zeroed afterwards. A CryptoKey passed in that
 * cannot be exported is used alone, on WebCrypto only.
 */
async function importPool(
  backend: FlowCrypto,
  input: PrivateKeyInput,
  passphrase: string | undefined,
): Promise<KeyPool> {
  const key = await importPrivateKey(
    input,
    passphrase === undefined ? { extractable: true } : { passphrase, extractable: true },
  );
  // importPrivateKey returns RSA-OAEP/SHA-256 decrypt keys only; checked in case a duplicated
  // install of keys hands back something else, or a CryptoKey was passed in.
  assertDecryptionKey(key);
  if (!key.extractable) return new KeyPool([key]);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", key));
  try {
    const copies = await Promise.all(
      Array.from({ length: privateKeyCopies() }, () =>
        crypto.subtle.importKey("pkcs8", pkcs8, RSA_OAEP_SHA256, false, ["decrypt"]),
      ),
    );
    return new KeyPool(copies, backend.prepareRsaSync?.(pkcs8));
  } finally {
    pkcs8.fill(0);
  }
}

/** The endpoint's keys, current first. */
export class KeyRing {
  readonly #backend: FlowCrypto;
  readonly #inputs: ReadonlyArray<{ input: PrivateKeyInput; passphrase: string | undefined }>;
  #pools: KeyPool[] | undefined;
  #loading: Promise<KeyPool[]> | undefined;

  constructor(
    backend: FlowCrypto,
    inputs: ReadonlyArray<{ input: PrivateKeyInput; passphrase: string | undefined }>,
  ) {
    this.#backend = backend;
    this.#inputs = inputs;
  }

  /** The loaded pools, without waiting when they are there already. */
  get pools(): KeyPool[] | undefined {
    return this.#pools;
  }

  /**
   * Imports every key (once); rejects with the first import's error, e.g. a KeyFormatError. A
   * failure is kept, since the same input fails the same way every time.
   */
  load(): Promise<KeyPool[]> {
    this.#loading ??= Promise.all(
      this.#inputs.map(({ input, passphrase }) => importPool(this.#backend, input, passphrase)),
    ).then((pools) => {
      this.#pools = pools;
      return pools;
    });
    return this.#loading;
  }

  /**
   * The AES key of a request and the index of the private key that opened it. `alone` says no
   * other request is in flight: then, where the backend has a synchronous RSA (node:crypto), it
   * is used, since a threadpool round trip would only add latency with nothing to overlap.
   *
   * @throws {FlowDecryptionError} `aes-key-decryption-failed` only when every key fails to open
   *   it; any other failure (not a wrong key) is rethrown as is, at once.
   */
  unwrap(
    pools: readonly KeyPool[],
    encryptedKey: Uint8Array<ArrayBuffer>,
    alone: boolean,
  ): Promise<{ aesKey: Uint8Array; keyIndex: number }> {
    return openWithFirstKey(pools.length, async (keyIndex) => {
      const pool = pools[keyIndex] as KeyPool;
      if (alone && pool.sync !== undefined) return pool.sync(encryptedKey);
      const key = pool.acquire();
      try {
        return await rsaDecrypt(key, encryptedKey);
      } finally {
        pool.release(key);
      }
    });
  }
}
