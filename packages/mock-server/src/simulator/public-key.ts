import type { CryptoKey } from "@d360-messaging/keys";
import { parsePublicKey } from "@d360-messaging/keys";
import { copy } from "./bytes.js";

/**
 * The business public key the simulator encrypts with: PEM text (SPKI or
 * PKCS#1), DER bytes, or a WebCrypto RSA-OAEP/SHA-256 public key.
 */
export type FlowPublicKey = string | Uint8Array | CryptoKey;

// Flows protocol: the AES key is wrapped with RSA/ECB/OAEPWithSHA-256AndMGF1Padding,
// i.e. SHA-256 for the OAEP hash and for MGF1, empty label. WebCrypto's RSA-OAEP
// uses the key's hash for both, which is why the key is imported with SHA-256.
const RSA_OAEP_SHA256: RsaHashedImportParams = { name: "RSA-OAEP", hash: "SHA-256" };

function isCryptoKey(value: FlowPublicKey): value is CryptoKey {
  return typeof value === "object" && !(value instanceof Uint8Array) && "algorithm" in value;
}

/**
 * Import the public key for RSA-OAEP with SHA-256.
 * @throws {KeyFormatError} for text or bytes that are not an RSA public key of 2048 bits or more
 * @throws {TypeError} for a `CryptoKey` that is not an RSA-OAEP SHA-256 public key
 */
export async function importFlowPublicKey(key: FlowPublicKey): Promise<CryptoKey> {
  if (isCryptoKey(key)) {
    const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
    if (
      key.type !== "public" ||
      algorithm.name !== "RSA-OAEP" ||
      algorithm.hash?.name !== "SHA-256" ||
      !key.usages.includes("encrypt")
    ) {
      throw new TypeError(
        "publicKey must be an RSA-OAEP public key with hash SHA-256 and the encrypt usage",
      );
    }
    return key;
  }
  const { der } = parsePublicKey(key);
  return crypto.subtle.importKey("spki", copy(der), RSA_OAEP_SHA256, false, ["encrypt"]);
}
