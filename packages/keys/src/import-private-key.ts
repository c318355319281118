import { fromCryptoKey, isCryptoKeyLike } from "./crypto-key.js";
import type { LegacyCrypto } from "./legacy.js";
import { loadPrivateKey, type PrivateKeyOptions, readExtractable } from "./private-key.js";
import type { PublicKeyInfo } from "./public-key.js";
import type { CryptoKey } from "./web-types.js";

// The two private-key entry points with the runtime's legacy hook as a parameter: index.ts
// passes none, index.node.ts passes node:crypto's.

/** importPrivateKey with the runtime's hook (or none). */
export async function importPrivateKeyUsing(
  legacy: LegacyCrypto | undefined,
  input: unknown,
  options: PrivateKeyOptions | undefined,
): Promise<CryptoKey> {
  if (isCryptoKeyLike(input)) return fromCryptoKey(input, readExtractable(options));
  return (await loadPrivateKey(input, options, legacy)).key;
}

/** derivePublicKey with the runtime's hook (or none). */
export async function derivePublicKeyUsing(
  legacy: LegacyCrypto | undefined,
  input: unknown,
  options: PrivateKeyOptions | undefined,
): Promise<PublicKeyInfo> {
  return (await loadPrivateKey(input, options, legacy)).publicKey;
}
