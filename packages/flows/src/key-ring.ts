import type { CryptoKey, JsonWebKey } from "@d360-messaging/keys";
import { importPrivateKey } from "@d360-messaging/keys";
import type { FlowCrypto } from "./crypto/backend.js";
import { assertDecryptionKey } from "./decrypt.js";
import { KeyPool, privateKeyCopies } from "./key-pool.js";

// The endpoint's private keys: one during normal operation, several during a rotation (current
// first). Meta's rotation, as "Implementing Endpoint for Flows" describes it: deploy the endpoint
// with the new key and the old one, upload the new public key, WhatsApp re-fetches it when a
// request gets 421, then drop the old key. A request is opened by the first key that can.

/** Anything importPrivateKey of @d360-messaging/keys accepts. */
export type PrivateKeyInput = string | Uint8Array | JsonWebKey | CryptoKey;

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

/** One private key: imported once on first use, then a few more times in the background. */
class LoadingKey {
  pool: KeyPool | undefined;
  #loading: Promise<KeyPool> | undefined;
  readonly #input: PrivateKeyInput;
  readonly #options: { passphrase?: string };

  constructor(input: PrivateKeyInput, passphrase: string | undefined) {
    this.#input = input;
    this.#options = passphrase === undefined ? {} : { passphrase };
  }

  // Further imports of the same key, so that decryptions in flight run in parallel (key-pool.ts).
  // They start after the first import has succeeded and run one after another, so that neither
  // the first request nor the requests meanwhile wait for more than one key derivation; one that
  // fails only leaves the pool smaller.
  async #addCopies(pool: KeyPool): Promise<void> {
    for (let i = 1; i < privateKeyCopies(); i++) {
      try {
        pool.add(await importPrivateKey(this.#input, this.#options));
      } catch {
        return;
      }
    }
  }

  /** The pool; a failure is kept, since the same input fails the same way every time. */
  load(): Promise<KeyPool> {
    this.#loading ??= importPrivateKey(this.#input, this.#options).then((key) => {
      // importPrivateKey returns RSA-OAEP/SHA-256 decrypt keys only; checked in case a
      // duplicated install of keys hands back something else, or a CryptoKey was passed in.
      assertDecryptionKey(key);
      const pool = new KeyPool(key);
      this.pool = pool;
      void this.#addCopies(pool);
      return pool;
    });
    return this.#loading;
  }
}

/** The endpoint's keys, current first. */
export class KeyRing {
  readonly #keys: LoadingKey[];
  readonly #backend: FlowCrypto;
  #pools: KeyPool[] | undefined;
  #loading: Promise<KeyPool[]> | undefined;

  constructor(
    backend: FlowCrypto,
    inputs: ReadonlyArray<{ input: PrivateKeyInput; passphrase: string | undefined }>,
  ) {
    this.#backend = backend;
    this.#keys = inputs.map(({ input, passphrase }) => new LoadingKey(input, passphrase));
  }

  /** The loaded pools, without waiting when they are there already. */
  get pools(): KeyPool[] | undefined {
    return this.#pools;
  }

  /** Imports every key (once); rejects with the first import's error, e.g. a KeyFormatError. */
  load(): Promise<KeyPool[]> {
    this.#loading ??= Promise.all(this.#keys.map((key) => key.load())).then((pools) => {
      this.#pools = pools;
      return pools;
    });
    return this.#loading;
  }

  /**
   * The AES key of a request and the index of the private key that opened it. `alone` says no
   * other request is in flight: then, where the backend has a synchronous RSA (node:crypto), it
   * is used, since a threadpool round trip would only add latency with nothing to overlap.
   */
  async unwrap(
    pools: readonly KeyPool[],
    encryptedKey: Uint8Array<ArrayBuffer>,
    alone: boolean,
  ): Promise<{ aesKey: Uint8Array; keyIndex: number }> {
    const sync = alone ? this.#backend.rsaDecryptSync : undefined;
    let failure: unknown;
    for (let keyIndex = 0; keyIndex < pools.length; keyIndex++) {
      const pool = pools[keyIndex] as KeyPool;
      if (sync !== undefined) {
        try {
          return { aesKey: sync(pool.first, encryptedKey), keyIndex };
        } catch (error) {
          failure = error;
          continue;
        }
      }
      const key = pool.acquire();
      try {
        const aesKey = new Uint8Array(
          await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, encryptedKey),
        );
        return { aesKey, keyIndex };
      } catch (error) {
        failure = error;
      } finally {
        pool.release(key);
      }
    }
    throw failure;
  }
}
