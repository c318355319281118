import { generateKeyPairSync } from "node:crypto";

/** A fresh RSA key pair from node:crypto (not from the code under test). */
export function rsaKeyPair(modulusLength = 2048): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export const PATH = "/whatsapp_business_encryption";

/** A urlencoded upload body, as the client sends it. */
export function formBody(pem: string): string {
  return new URLSearchParams({ business_public_key: pem }).toString();
}

export const FORM = { "content-type": "application/x-www-form-urlencoded" };
