import { constants, publicEncrypt, randomBytes } from "node:crypto";
import { expect } from "vitest";

/**
 * Proves `key` is the private half of `publicKeyPem` for RSA-OAEP/SHA-256: node:crypto
 * (OpenSSL, not our code) encrypts a random secret, WebCrypto must decrypt it with `key`.
 */
export async function expectDecrypts(key: CryptoKey, publicKeyPem: string): Promise<void> {
  expect(key.type).toBe("private");
  expect(key.algorithm).toMatchObject({ name: "RSA-OAEP", hash: { name: "SHA-256" } });
  expect(key.usages).toEqual(["decrypt"]);
  const secret = randomBytes(32);
  const sealed = publicEncrypt(
    { key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    secret,
  );
  const opened = await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, sealed);
  expect(Buffer.from(opened).equals(secret)).toBe(true);
}
