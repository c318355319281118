import { aesGcmDecrypt, flipIv } from "./aes-gcm.js";
import { fromBase64 } from "./bytes.js";

/**
 * Decrypt an endpoint's reply as WhatsApp does: the whole HTTP body is base64
 * of AES-128-GCM ciphertext with the tag appended, under the request's AES key
 * and the request IV with every byte inverted.
 *
 * @param body - the reply's body text
 * @param aesKey - the AES key of the request
 * @param requestIv - the request's IV, as sent (this function inverts it)
 * @returns the decrypted UTF-8 text (usually JSON)
 * @throws when the body is not base64, the tag does not verify or the text is not UTF-8
 *
 * @example
 * const text = await decryptFlowResponse(await res.text(), aesKey, iv);
 */
export async function decryptFlowResponse(
  body: string,
  aesKey: Uint8Array,
  requestIv: Uint8Array,
): Promise<string> {
  const plaintext = await aesGcmDecrypt(aesKey, flipIv(requestIv), fromBase64(body));
  return new TextDecoder("utf-8", { fatal: true }).decode(plaintext);
}
