// Node serialises the RSA operations on one CryptoKey: `RSA_Cipher` in its
// src/crypto/crypto_rsa.cc holds the key's mutex for the whole private-key operation, so
// requests in flight queue for one core however many libuv threads are free (measured on Node 20:
// 8 decryptions in flight on one key use 1.1 cores of 2; on four imports of it, 1.85). Each import
// of the same key has a mutex of its own, so the endpoint keeps a few and gives each decryption
// the least busy one.
import type { CryptoKey } from "@d360-messaging/keys";
import type { RsaSyncDecrypt } from "./crypto/backend.js";

/** How many imports of the private key to keep. */
export function privateKeyCopies(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  // workerd reports 1: one thread per isolate, nothing to spread.
  if (cores === 1) return 1;
  // libuv's default threadpool size (4), whatever the core count: a fifth copy could never run
  // beside the other four.
  return 4;
}

/** Imports of one private key, handed out least busy first. */
export class KeyPool {
  readonly #keys: CryptoKey[];
  readonly #busy: number[];
  /**
   * The same key for the calling thread (node:crypto), made from its PKCS#8 at import; undefined
   * where the backend has none or the key could not be exported (a non-extractable CryptoKey
   * passed in).
   */
  readonly sync: RsaSyncDecrypt | undefined;

  /** `keys`: separate imports of one private key (the same CryptoKey twice would share its mutex). */
  constructor(keys: readonly CryptoKey[], sync?: RsaSyncDecrypt) {
    this.#keys = [...keys];
    this.#busy = keys.map(() => 0);
    this.sync = sync;
  }

  /** The key with the fewest operations under way; pair every call with {@link release}. */
  acquire(): CryptoKey {
    let index = 0;
    for (let i = 1; i < this.#busy.length; i++) {
      if ((this.#busy[i] as number) < (this.#busy[index] as number)) index = i;
    }
    this.#busy[index] = (this.#busy[index] as number) + 1;
    return this.#keys[index] as CryptoKey;
  }

  release(key: CryptoKey): void {
    const index = this.#keys.indexOf(key);
    if (index >= 0 && (this.#busy[index] as number) > 0) {
      this.#busy[index] = (this.#busy[index] as number) - 1;
    }
  }
}
