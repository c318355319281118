// The seam between the protocol code and the platform's crypto. The web build passes the
// WebCrypto backend (web.ts), which runs everywhere; the Node build (index.node.ts) passes the
// node:crypto backend (../node/crypto.ts) for the symmetric parts, which on Node costs a few µs of
// synchronous work where a WebCrypto call costs 10–30 µs of main-thread glue and a threadpool
// round trip. RSA-OAEP stays on WebCrypto in both when requests are in flight together: it runs on
// the threadpool, so decryptions spread over the cores (key-pool.ts).

/** A request's AES-128-GCM key, opened once for the request and once more for the reply. */
export interface GcmSession {
  /** The plaintext of `sealed` (ciphertext with the 16-byte tag appended); rejects when the tag fails. */
  open(iv: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>;
  /** Ciphertext of `plaintext` with the 16-byte tag appended. */
  seal(iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
}

/**
 * An HMAC-SHA256 key made once from a secret and used for many messages; `more` is appended to
 * `data` (media HMACs cover iv ‖ ciphertext, and a 25 MiB ciphertext is worth not copying).
 */
export type HmacSigner = (data: Uint8Array, more?: Uint8Array) => Promise<Uint8Array>;

/**
 * RSA-OAEP/SHA-256 decryption of `data` on the calling thread with one prepared private key.
 * Throws when the key does not open `data` (for node:crypto, an `ERR_OSSL_*` error).
 */
export type RsaSyncDecrypt = (data: Uint8Array) => Uint8Array;

export interface FlowCrypto {
  /** Which backend this is, for the bench and the docs. */
  readonly name: "webcrypto" | "node";
  /** Prepares a 16-byte AES-128-GCM key. */
  gcm(key: Uint8Array): Promise<GcmSession>;
  /** Prepares an HMAC-SHA256 key. */
  hmac(key: Uint8Array): Promise<HmacSigner>;
  /** SHA-256 of `data`. */
  sha256(data: Uint8Array): Promise<Uint8Array>;
  /** AES-256-CBC decryption with PKCS#7 padding removed; rejects when the padding is wrong. */
  cbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array>;
  /**
   * Prepares a private key, given as unencrypted PKCS#8 DER, for RSA-OAEP/SHA-256 decryption on
   * the calling thread, where the platform has it (node:crypto). The endpoint uses it when no
   * other request is in flight, because a threadpool round trip then only adds latency. Made
   * from the key's bytes, not from its CryptoKey: node:crypto's `KeyObject.from()` on a
   * non-extractable CryptoKey is deprecated from Node 24.21 (DEP0204).
   */
  prepareRsaSync?: (pkcs8: Uint8Array) => RsaSyncDecrypt;
}
