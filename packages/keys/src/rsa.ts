import { DerReader } from "./der/reader.js";
import { sequence, smallInteger, unsignedInteger } from "./der/writer.js";
import { KeyFormatError } from "./errors.js";
import { GENPKEY } from "./refusals.js";

/** The two numbers of an RSA public key, as big-endian magnitudes. */
export interface RsaPublicComponents {
  readonly modulus: Uint8Array;
  readonly publicExponent: Uint8Array;
}

/** An RSA private key's numbers (RFC 8017 §3.2, second representation). */
export interface RsaPrivateComponents extends RsaPublicComponents {
  readonly privateExponent: Uint8Array;
  readonly prime1: Uint8Array;
  readonly prime2: Uint8Array;
  readonly exponent1: Uint8Array;
  readonly exponent2: Uint8Array;
  readonly coefficient: Uint8Array;
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 Appendix A.1.1). */
export function readRsaPublicKey(der: Uint8Array, what: string): RsaPublicComponents {
  const outer = new DerReader(der, what);
  const key = outer.sequence("RSAPublicKey");
  outer.finish("RSAPublicKey");
  const modulus = key.unsignedInteger("modulus");
  const publicExponent = key.unsignedInteger("publicExponent");
  key.finish("RSAPublicKey");
  return { modulus, publicExponent };
}

/** Encodes RSAPublicKey (RFC 8017 Appendix A.1.1). */
export function encodeRsaPublicKey(key: RsaPublicComponents): Uint8Array {
  return sequence(unsignedInteger(key.modulus), unsignedInteger(key.publicExponent));
}

/**
 * RSAPrivateKey (RFC 8017 Appendix A.1.2). Only version 0, two-prime keys: version 1 adds
 * otherPrimeInfos, which WebCrypto cannot import.
 */
export function readRsaPrivateKey(der: Uint8Array, what: string): RsaPrivateComponents {
  const outer = new DerReader(der, what);
  const key = outer.sequence("RSAPrivateKey");
  outer.finish("RSAPrivateKey");
  const version = key.smallInteger("version", 1);
  if (version !== 0) {
    const found = `${what} is a multi-prime RSA key (RFC 8017 version 1), which WebCrypto cannot use.`;
    throw new KeyFormatError(
      "MALFORMED",
      `${found} Generate a standard two-prime key, e.g. with generateKeyPair() or ${GENPKEY}.`,
      { found },
    );
  }
  const components: RsaPrivateComponents = {
    modulus: key.unsignedInteger("modulus"),
    publicExponent: key.unsignedInteger("publicExponent"),
    privateExponent: key.unsignedInteger("privateExponent"),
    prime1: key.unsignedInteger("prime1"),
    prime2: key.unsignedInteger("prime2"),
    exponent1: key.unsignedInteger("exponent1"),
    exponent2: key.unsignedInteger("exponent2"),
    coefficient: key.unsignedInteger("coefficient"),
  };
  key.finish("RSAPrivateKey");
  return components;
}

/** Encodes a two-prime RSAPrivateKey (RFC 8017 Appendix A.1.2). */
export function encodeRsaPrivateKey(key: RsaPrivateComponents): Uint8Array {
  return sequence(
    smallInteger(0),
    unsignedInteger(key.modulus),
    unsignedInteger(key.publicExponent),
    unsignedInteger(key.privateExponent),
    unsignedInteger(key.prime1),
    unsignedInteger(key.prime2),
    unsignedInteger(key.exponent1),
    unsignedInteger(key.exponent2),
    unsignedInteger(key.coefficient),
  );
}

/** Bit length of a big-endian magnitude without leading zero octets. */
export function bitLength(magnitude: Uint8Array): number {
  const first = magnitude[0] ?? 0;
  if (first === 0) return 0;
  return (magnitude.length - 1) * 8 + (32 - Math.clz32(first));
}

/** The smallest modulus WhatsApp accepts (and NIST SP 800-131A allows). */
export const MIN_MODULUS_BITS = 2048;

/**
 * Sanity checks on the public numbers (RFC 8017 §3.1: e odd, 3 <= e < n; n odd as a product of
 * odd primes) and the size rule. Returns the numbers callers report.
 */
export function checkRsaPublic(
  key: RsaPublicComponents,
  what: string,
): { modulusBits: number; publicExponent: number } {
  const modulusBits = bitLength(key.modulus);
  const lastModulusByte = key.modulus[key.modulus.length - 1] ?? 0;
  if (modulusBits < 256 || (lastModulusByte & 1) === 0) {
    throw new KeyFormatError(
      "MALFORMED",
      `${what} does not hold a valid RSA modulus; the key is damaged: copy it again from its source.`,
    );
  }
  // Exponents above 2^48 are legal but unseen in practice (OpenSSL and WebCrypto use 65537);
  // refusing them keeps publicExponent an exact number.
  const e = key.publicExponent;
  const lastExponentByte = e[e.length - 1] ?? 0;
  let publicExponent = 0;
  for (const byte of e) publicExponent = publicExponent * 256 + byte;
  if (e.length > 6 || publicExponent < 3 || (lastExponentByte & 1) === 0) {
    throw new KeyFormatError(
      "MALFORMED",
      `${what} has an unusable RSA public exponent; generate a new key with the standard exponent 65537.`,
    );
  }
  if (modulusBits < MIN_MODULUS_BITS) {
    const found = `Found a ${modulusBits}-bit RSA key; WhatsApp requires at least ${MIN_MODULUS_BITS} bits.`;
    throw new KeyFormatError(
      "KEY_TOO_SMALL",
      `${found} Generate a new pair with generateKeyPair() or ${GENPKEY} and \`openssl pkey -in private.pem -pubout -out public.pem\`.`,
      { found },
    );
  }
  return { modulusBits, publicExponent };
}

function toBigInt(magnitude: Uint8Array): bigint {
  let hex = "";
  for (const byte of magnitude) hex += byte.toString(16).padStart(2, "0");
  return hex === "" ? 0n : BigInt(`0x${hex}`);
}

/**
 * Checks the relations RFC 8017 §3.2 defines between the private numbers: n = p·q,
 * e·dP ≡ 1 (mod p−1), e·dQ ≡ 1 (mod q−1), dP = d mod (p−1), dQ = d mod (q−1), q·qInv ≡ 1
 * (mod p). A key damaged in any number but n and e fails here. Some engines (OpenSSL) verify
 * CRT results and silently fall back to d, others do not, so a damaged key would work on one
 * runtime and not another; it is refused on all of them.
 */
export function checkRsaPrivate(key: RsaPrivateComponents, what: string): void {
  const n = toBigInt(key.modulus);
  const e = toBigInt(key.publicExponent);
  const d = toBigInt(key.privateExponent);
  const p = toBigInt(key.prime1);
  const q = toBigInt(key.prime2);
  const dp = toBigInt(key.exponent1);
  const dq = toBigInt(key.exponent2);
  const qi = toBigInt(key.coefficient);
  const consistent =
    p > 2n &&
    q > 2n &&
    p * q === n &&
    d % (p - 1n) === dp &&
    d % (q - 1n) === dq &&
    (e * dp) % (p - 1n) === 1n &&
    (e * dq) % (q - 1n) === 1n &&
    (q * qi) % p === 1n;
  if (!consistent) {
    throw new KeyFormatError(
      "MALFORMED",
      `${what}'s numbers do not form a valid RSA key (it is damaged); copy it again from its source.`,
    );
  }
}
