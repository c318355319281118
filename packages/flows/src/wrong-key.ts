import { FlowDecryptionError } from "./errors.js";

// Which RSA failures mean "this private key does not open the request". Only those may move on
// to the next key or end in 421 (WhatsApp then re-fetches the public key, Meta, "Implementing
// Endpoint for Flows", endpoint error codes). Anything else (a TypeError, a deprecated call that
// became an error, a key the platform cannot use) is a fault of ours: answered 500 and reported,
// never disguised as a wrong key, which would send WhatsApp after a public key that is fine.

/**
 * Whether an RSA-OAEP decryption failed because the key does not open the data: WebCrypto's
 * `OperationError` (W3C Web Cryptography API, RSA-OAEP "decrypt": "If performing the operation
 * results in an error, then throw an OperationError"), or OpenSSL's failure in node:crypto's
 * `privateDecrypt` (an `ERR_OSSL_*` code, e.g. `ERR_OSSL_RSA_OAEP_DECODING_ERROR`).
 */
export function isWrongKeyFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === "OperationError" || (typeof code === "string" && code.startsWith("ERR_OSSL_"));
}

/**
 * Tries `open` with each private key in turn, current first: the AES key and the index of the
 * first key that opens the request. Only a wrong-key failure moves on to the next key; anything
 * else is rethrown at once. FlowDecryptionError `aes-key-decryption-failed` when no key opens it.
 * The one loop behind decryptFlowRequest's key list and the endpoint's key ring.
 */
export async function openWithFirstKey(
  count: number,
  open: (keyIndex: number) => Uint8Array | Promise<Uint8Array>,
): Promise<{ aesKey: Uint8Array; keyIndex: number }> {
  let failure: unknown;
  for (let keyIndex = 0; keyIndex < count; keyIndex++) {
    try {
      return { aesKey: await open(keyIndex), keyIndex };
    } catch (error) {
      if (!isWrongKeyFailure(error)) throw error;
      failure = error;
    }
  }
  throw new FlowDecryptionError("aes-key-decryption-failed", { cause: failure });
}
