import { copy } from "./bytes.js";

// Flows protocol ("Implementing Endpoint for Flows", request decryption and
// response encryption): AES-128-GCM, 16-byte authentication tag appended to
// the ciphertext, no additional authenticated data. WebCrypto's AES-GCM output
// is exactly ciphertext || tag, so no re-framing is needed.
const GCM = (iv: Uint8Array): AesGcmParams => ({ name: "AES-GCM", iv: copy(iv), tagLength: 128 });

async function importAesKey(key: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", copy(key), "AES-GCM", false, [usage]);
}

/** AES-GCM encrypt; returns ciphertext with the 16-byte tag appended. */
export async function aesGcmEncrypt(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const aes = await importAesKey(key, "encrypt");
  return new Uint8Array(await crypto.subtle.encrypt(GCM(iv), aes, copy(plaintext)));
}

/** AES-GCM decrypt of ciphertext || 16-byte tag; rejects (`OperationError`) when the tag does not verify. */
export async function aesGcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  sealed: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const aes = await importAesKey(key, "decrypt");
  return new Uint8Array(await crypto.subtle.decrypt(GCM(iv), aes, copy(sealed)));
}

/**
 * The response IV: the request's `initial_vector` with every byte inverted
 * (XOR 0xFF), as the Flows protocol prescribes for the reply.
 */
export function flipIv(iv: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(iv, (b) => b ^ 0xff);
}
