// WebCrypto's key types, named without the DOM lib. The public .d.ts files of these packages
// must compile in a consumer whose tsconfig has no "DOM" in `lib` (`@tsconfig/node20`, Vite's
// tsconfig.node.json), where @types/node declares no global `CryptoKey` or `JsonWebKey`: there
// the names would not resolve (an error under `skipLibCheck: false`, a silent `any` under
// `skipLibCheck: true`). The smoke test (scripts/packaging/consumer/strict.mts) guards both.

/** WebCrypto's key usages, as the DOM lib and @types/node's `webcrypto` list them. */
export type KeyUsage =
  | "decrypt"
  | "deriveBits"
  | "deriveKey"
  | "encrypt"
  | "sign"
  | "unwrapKey"
  | "verify"
  | "wrapKey";

/** The members of WebCrypto's `CryptoKey`: what {@link CryptoKey} is where no global one is declared. */
export interface CryptoKeyShape {
  /** The algorithm the key is for, e.g. `{ name: "RSA-OAEP", hash: { name: "SHA-256" } }`. */
  readonly algorithm: {
    /** The algorithm's registered name. */
    name: string;
  };
  /** Whether `crypto.subtle.exportKey` may export it. */
  readonly extractable: boolean;
  /** Which half of a pair, or a symmetric key. */
  readonly type: "private" | "public" | "secret";
  /** What the key may be used for. */
  readonly usages: KeyUsage[];
}

/**
 * The platform's `CryptoKey`: the global one when the consumer's types declare it (the DOM or
 * WebWorker lib, Deno, Workers types), so a key passes to and from `crypto.subtle` unchanged;
 * otherwise {@link CryptoKeyShape}, the same members.
 */
export type CryptoKey = typeof globalThis extends {
  /** The global `CryptoKey` class, where the consumer's types declare one. */
  CryptoKey: {
    /** The type of its instances. */
    prototype: infer Key;
  };
}
  ? Key
  : CryptoKeyShape;

/** A JSON Web Key (RFC 7517, RFC 7518) as WebCrypto imports it: the DOM lib's `JsonWebKey`, structurally. */
export interface JsonWebKey {
  /** Key type: `"RSA"` for the keys these packages use. */
  kty?: string;
  /** Algorithm, e.g. `"RSA-OAEP-256"`. */
  alg?: string;
  /** Public key use: `"enc"` or `"sig"`. */
  use?: string;
  /** Permitted operations, e.g. `["decrypt"]`. */
  key_ops?: string[];
  /** Extractable (WebCrypto's extension). */
  ext?: boolean;
  /** RSA modulus, base64url. */
  n?: string;
  /** RSA public exponent, base64url. */
  e?: string;
  /** RSA private exponent (or EC private key), base64url. */
  d?: string;
  /** RSA first prime factor, base64url. */
  p?: string;
  /** RSA second prime factor, base64url. */
  q?: string;
  /** RSA first factor CRT exponent, base64url. */
  dp?: string;
  /** RSA second factor CRT exponent, base64url. */
  dq?: string;
  /** RSA first CRT coefficient, base64url. */
  qi?: string;
  /** RSA other primes info (multi-prime keys). */
  oth?: {
    /** Factor CRT exponent. */
    d?: string;
    /** Prime factor. */
    r?: string;
    /** Factor CRT coefficient. */
    t?: string;
  }[];
  /** EC curve, e.g. `"P-256"`. */
  crv?: string;
  /** EC x coordinate, base64url. */
  x?: string;
  /** EC y coordinate, base64url. */
  y?: string;
  /** Symmetric key value, base64url. */
  k?: string;
}
