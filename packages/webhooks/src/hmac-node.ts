// node:crypto HMAC for the Node build (index.node.ts); see hmac.ts for why.
import { createHmac, createSecretKey, timingSafeEqual } from "node:crypto";
import type { HmacBackend } from "./hmac.js";

const DIGEST_BYTES = 32;

/** node:crypto: the MAC is computed on the calling thread and compared with `timingSafeEqual`. */
export const nodeHmac: HmacBackend = async (secret) => {
  const key = createSecretKey(secret);
  const sign = (data: Uint8Array): Uint8Array => createHmac("sha256", key).update(data).digest();
  return {
    sign,
    // The length is not secret (every SHA-256 MAC has 32 bytes); timingSafeEqual needs equal ones.
    verify: (mac, data) => mac.length === DIGEST_BYTES && timingSafeEqual(sign(data), mac),
  };
};
