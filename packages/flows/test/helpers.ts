// Test-side helpers. The WhatsApp side of the protocol is written here with node:crypto, not
// with this package's code, so that a symmetric mistake cannot pass both directions.
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The captured vector, kept in the repository (see vectors/README.md). */
export const VECTOR_PATH = fileURLToPath(
  new URL("../../../vectors/flows-captured.json", import.meta.url),
);

export interface CapturedVector {
  privateKeyPem: string;
  passphrase: string;
  request: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  decryptedPayload: Record<string, unknown>;
  aesKeyHex: string;
  response: { plaintextUtf8: string; encryptedBase64: string };
  webhookSignature: { appSecret: string; rawBody: string; header: string };
}

/** The vector; it is part of the repository, so a missing file fails the tests rather than skipping them. */
export function loadVector(): CapturedVector | undefined {
  if (!existsSync(VECTOR_PATH)) {
    throw new Error(
      "vectors/flows-captured.json is missing from the repository; restore it from git",
    );
  }
  return JSON.parse(readFileSync(VECTOR_PATH, "utf8")) as CapturedVector;
}

export interface TestKeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** Unencrypted PKCS#8 PEM of the private key. */
  privatePem: string;
}

export function generateTestKeyPair(): TestKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKey,
    privateKey,
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

/** Imports a node KeyObject into WebCrypto as the endpoint needs it. */
export function toDecryptKey(privateKey: KeyObject): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "pkcs8",
    privateKey.export({ type: "pkcs8", format: "der" }),
    { name: "RSA-OAEP", hash: "SHA-256" },
    false,
    ["decrypt"],
  );
}

/** The vector's DES-EDE3 encrypted key, opened with node:crypto (WebCrypto cannot). */
export function vectorPrivateKey(vector: CapturedVector): KeyObject {
  return createPrivateKey({ key: vector.privateKeyPem, passphrase: vector.passphrase });
}

export interface NodeEncryptedRequest {
  body: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  aesKey: Buffer;
  iv: Buffer;
}

/** Encrypts a request the way WhatsApp does, with node:crypto. */
export function encryptRequestWithNode(
  plaintext: string | Uint8Array | object,
  publicKey: KeyObject,
  options: { aesKey?: Buffer; iv?: Buffer } = {},
): NodeEncryptedRequest {
  const aesKey = options.aesKey ?? randomBytes(16);
  const iv = options.iv ?? randomBytes(16);
  const bytes =
    typeof plaintext === "string" || plaintext instanceof Uint8Array
      ? Buffer.from(plaintext)
      : Buffer.from(JSON.stringify(plaintext));
  const encryptedKey = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    aesKey,
  );
  // AES-128 as WhatsApp uses; a 32-byte key (AES-256) makes the wrong-key-length case.
  const cipher = createCipheriv(aesKey.length === 16 ? "aes-128-gcm" : "aes-256-gcm", aesKey, iv);
  const data = Buffer.concat([cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
  return {
    body: {
      encrypted_flow_data: data.toString("base64"),
      encrypted_aes_key: encryptedKey.toString("base64"),
      initial_vector: iv.toString("base64"),
    },
    aesKey,
    iv,
  };
}

/** Decrypts a reply the way WhatsApp does, with node:crypto: flipped IV, tag at the end. */
export function decryptReplyWithNode(base64: string, aesKey: Uint8Array, iv: Uint8Array): string {
  return decryptReplyBytesWithNode(base64, aesKey, iv).toString("utf8");
}

export function decryptReplyBytesWithNode(
  base64: string,
  aesKey: Uint8Array,
  iv: Uint8Array,
): Buffer {
  const data = Buffer.from(base64, "base64");
  const flipped = Buffer.from(iv.map((byte) => byte ^ 0xff));
  const decipher = createDecipheriv("aes-128-gcm", aesKey, flipped);
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
}

export function signWithNode(rawBody: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

export function postRequest(
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
): Request {
  return new Request("http://flows.test/endpoint", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}
