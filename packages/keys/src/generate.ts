import { KeyFormatError } from "./errors.js";
import { encryptPkcs8 } from "./pbes2-encrypt.js";
import { encodePem } from "./pem.js";
import { encodeRsaPrivateKeyInfo, readRsaPrivateKeyInfo } from "./pkcs8.js";
import { canonical } from "./public-key.js";
import { MIN_MODULUS_BITS } from "./rsa.js";
import { subtle } from "./webcrypto.js";

/** Options for {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /**
   * RSA modulus size in bits, a multiple of 8 from 2048 to 8192. WhatsApp documents 2048.
   * @default 2048
   * @example { modulusBits: 3072 }
   */
  modulusBits?: number;
  /**
   * Encrypts the private key (PKCS#8 PBES2: PBKDF2-HMAC-SHA256, 100,000 iterations,
   * AES-256-CBC) when set. Must not be empty.
   * @default undefined (the private key is written unencrypted)
   * @example { passphrase: process.env.PRIVATE_KEY_PASSPHRASE }
   */
  passphrase?: string;
}

/** A new key pair as PEM text. */
export interface GeneratedKeyPair {
  /** `-----BEGIN PRIVATE KEY-----`, or `-----BEGIN ENCRYPTED PRIVATE KEY-----` with a passphrase. */
  readonly privateKeyPem: string;
  /** `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo), ready to upload. */
  readonly publicKeyPem: string;
}

const MAX_GENERATED_BITS = 8192;

/**
 * Generates an RSA key pair (public exponent 65537) with the platform's WebCrypto, for the
 * WhatsApp Business encryption: upload `publicKeyPem`, keep `privateKeyPem` for the Flows
 * endpoint. `openssl pkey` reads both (with `-passin` when encrypted).
 *
 * @param options - `modulusBits` (default 2048) and an optional `passphrase`
 * @throws {KeyFormatError} `KEY_TOO_SMALL` for `modulusBits` under 2048
 * @throws {TypeError} for a `modulusBits` that is not a number (a string from the environment)
 * @throws {RangeError} for a size that is not a multiple of 8 or above 8192, or an empty passphrase
 *
 * @example
 * ```ts
 * import { generateKeyPair } from "@d360-messaging/keys";
 *
 * const { privateKeyPem, publicKeyPem } = await generateKeyPair({ passphrase: "correct horse" });
 * ```
 */
export async function generateKeyPair(
  options: GenerateKeyPairOptions = {},
): Promise<GeneratedKeyPair> {
  const { modulusBits = 2048, passphrase } = options;
  // A size read from the environment is a string; say so rather than "not a multiple of 8".
  if (typeof modulusBits !== "number") {
    throw new TypeError(
      `modulusBits must be a number, got ${typeof modulusBits}; convert it first, e.g. Number(process.env.KEY_BITS).`,
    );
  }
  if (!Number.isInteger(modulusBits) || modulusBits % 8 !== 0 || modulusBits > MAX_GENERATED_BITS) {
    throw new RangeError(
      `modulusBits must be a multiple of 8 from ${MIN_MODULUS_BITS} to ${MAX_GENERATED_BITS}.`,
    );
  }
  if (modulusBits < MIN_MODULUS_BITS) {
    throw new KeyFormatError(
      "KEY_TOO_SMALL",
      `A ${modulusBits}-bit RSA key was requested; WhatsApp requires at least ${MIN_MODULUS_BITS} bits.`,
    );
  }
  if (passphrase !== undefined && (typeof passphrase !== "string" || passphrase.length === 0)) {
    throw new RangeError("passphrase must be a non-empty string (omit it for an unencrypted key).");
  }
  const pair = await subtle().generateKey(
    {
      name: "RSA-OAEP",
      modulusLength: modulusBits,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: "SHA-256",
    },
    true,
    ["encrypt", "decrypt"],
  );
  const exported = new Uint8Array(await subtle().exportKey("pkcs8", pair.privateKey));
  // Re-encoded through our own reader and writer, so the output is the canonical v1 form
  // whatever the runtime wrote.
  const components = readRsaPrivateKeyInfo(exported, "The generated key");
  const pkcs8 = encodeRsaPrivateKeyInfo(components);
  const publicKeyPem = canonical(components, "The generated key").pem;
  const privateKeyPem =
    passphrase === undefined
      ? encodePem("PRIVATE KEY", pkcs8)
      : encodePem("ENCRYPTED PRIVATE KEY", await encryptPkcs8(pkcs8, passphrase));
  return { privateKeyPem, publicKeyPem };
}
