import { createDecipheriv, createHash } from "node:crypto";
import { concatBytes } from "../internal/bytes.js";
import type { LegacyCrypto } from "../legacy.js";

/**
 * The Node build's hook: node:crypto (OpenSSL) supplies what WebCrypto lacks, DES-EDE3-CBC
 * and MD5 for legacy PEM. Single DES needs OpenSSL's legacy provider and usually fails; the
 * core then reports UNSUPPORTED_ENCRYPTION.
 */
export const nodeLegacyCrypto: LegacyCrypto = {
  md5(data) {
    return new Uint8Array(createHash("md5").update(data).digest());
  },
  decryptCbc(cipher, key, iv, data) {
    const decipher = createDecipheriv(cipher, key, iv);
    // The core checks the padding, so that a wrong passphrase is reported the same everywhere.
    decipher.setAutoPadding(false);
    return concatBytes([decipher.update(data), decipher.final()]);
  },
};
