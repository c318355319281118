import { Buffer } from "node:buffer";
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  constants as nodeConstants,
  privateDecrypt,
} from "node:crypto";
import type { FlowCrypto, GcmSession, HmacSigner, RsaSyncDecrypt } from "../crypto/backend.js";

// node:crypto for the symmetric parts, used by the Node build only (index.node.ts). Each call is
// synchronous and takes a few µs, where the same WebCrypto call costs the main thread 10–30 µs of
// glue plus a threadpool round trip (measured in bench/bench.ts). The results are wrapped in
// promises only to share one interface with the WebCrypto backend.

const TAG_BYTES = 16;
const view = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

function gcmSession(key: Uint8Array): GcmSession {
  const keyCopy = Buffer.from(key);
  return {
    open: async (iv, sealed) => {
      if (sealed.length < TAG_BYTES) throw new Error("ciphertext shorter than the GCM tag");
      const decipher = createDecipheriv("aes-128-gcm", keyCopy, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      // final() throws when the tag does not verify; nothing decrypted is returned before that.
      const rest = decipher.final();
      return view(rest.length === 0 ? body : Buffer.concat([body, rest]));
    },
    seal: async (iv, plaintext) => {
      const cipher = createCipheriv("aes-128-gcm", keyCopy, iv, { authTagLength: TAG_BYTES });
      return view(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
    },
  };
}

function hmacSigner(key: Uint8Array): HmacSigner {
  const keyCopy = Buffer.from(key);
  return async (data, more) => {
    const hmac = createHmac("sha256", keyCopy).update(data);
    if (more !== undefined) hmac.update(more);
    return view(hmac.digest());
  };
}

// The key for node:crypto is made from the PKCS#8 bytes the key ring exported at start-up, never
// with KeyObject.from() on the CryptoKey: Node 24.21+ deprecates that for a non-extractable key
// (DEP0204, https://nodejs.org/api/deprecations.html#DEP0204), and a later Node will throw.
function rsaSync(pkcs8: Uint8Array): RsaSyncDecrypt {
  // A view of the bytes, not a copy: a small Buffer.from(bytes) lands in Node's shared pool,
  // where the key ring's zeroing of its bytes would not reach it.
  const der = Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  return (data) =>
    view(
      privateDecrypt(
        { key, padding: nodeConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
        data,
      ),
    );
}

/** The node:crypto backend of the Node build. */
export const nodeCrypto: FlowCrypto = {
  name: "node",
  gcm: async (key) => gcmSession(key),
  hmac: async (key) => hmacSigner(key),
  sha256: async (data) => view(createHash("sha256").update(data).digest()),
  cbcDecrypt: async (key, iv, ciphertext) => {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    // With autoPadding (the default), final() checks and strips PKCS#7, throwing when it is wrong.
    return view(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  },
  prepareRsaSync: rsaSync,
};
