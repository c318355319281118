import { brand, isBranded } from "./internal/brand.js";

// The registry key of this package's brand (see internal/brand.ts for why a brand).
const BRAND = "@d360-messaging/keys.error";

/**
 * Why a key was refused. Each code has one remedy, documented in the README:
 *
 * - `PRIVATE_KEY`: a private key (encrypted or not) where a public key belongs.
 * - `CERTIFICATE`: an X.509 certificate or certificate request instead of a bare key.
 * - `NOT_RSA`: an EC, Ed25519, DSA or RSA-PSS-restricted key; WhatsApp needs plain RSA.
 * - `KEY_TOO_SMALL`: an RSA modulus under 2048 bits.
 * - `NOT_PEM`: no PEM block of a kind this function reads (also: a public key given where a
 *   private key is needed, an OpenSSH key).
 * - `MALFORMED`: PEM or DER that does not decode into the structure its label promises.
 * - `TOO_LARGE`: input above the size limit, refused before parsing.
 * - `PASSPHRASE_REQUIRED`: an encrypted private key and no passphrase.
 * - `BAD_PASSPHRASE`: the passphrase does not decrypt the key.
 * - `UNSUPPORTED_ENCRYPTION`: the key's encryption cannot be undone on this runtime.
 */
export type KeyFormatErrorCode =
  | "PRIVATE_KEY"
  | "CERTIFICATE"
  | "NOT_RSA"
  | "KEY_TOO_SMALL"
  | "NOT_PEM"
  | "MALFORMED"
  | "TOO_LARGE"
  | "PASSPHRASE_REQUIRED"
  | "BAD_PASSPHRASE"
  | "UNSUPPORTED_ENCRYPTION";

const CODES: ReadonlySet<string> = new Set<KeyFormatErrorCode>([
  "PRIVATE_KEY",
  "CERTIFICATE",
  "NOT_RSA",
  "KEY_TOO_SMALL",
  "NOT_PEM",
  "MALFORMED",
  "TOO_LARGE",
  "PASSPHRASE_REQUIRED",
  "BAD_PASSPHRASE",
  "UNSUPPORTED_ENCRYPTION",
]);

/**
 * Thrown for any key input this package refuses. The message says what was found and what to
 * do; it never contains key material or a passphrase, so it is safe to log and to show to users.
 *
 * @example
 * ```ts
 * try {
 *   parsePublicKey(pasted);
 * } catch (error) {
 *   if (isKeyFormatError(error) && error.code === "PRIVATE_KEY") {
 *     // tell the user to paste the public half instead
 *   }
 * }
 * ```
 */
export class KeyFormatError extends Error {
  /** Always `"KeyFormatError"`; {@link isKeyFormatError} relies on it across realms. */
  override name = "KeyFormatError" as const;

  /** Machine-readable reason; see {@link KeyFormatErrorCode}. */
  readonly code: KeyFormatErrorCode;

  /**
   * What was found, as a sentence without the advice that ends `message`. Set where that advice
   * names this package's functions (`generateKeyPair()`, `{ passphrase }`), so that a program
   * speaking to its own users (a CLI, in terms of its flags) can say what was found and give
   * its own advice for the `code`. `undefined` where the message's advice is general (a shell
   * command, "copy it again"): then show the message.
   *
   * @example
   * ```ts
   * if (isKeyFormatError(error) && error.code === "NOT_RSA")
   *   console.error(`${error.found ?? error.message} Run: mytool keygen`);
   * ```
   */
  readonly found: string | undefined;

  /**
   * @param code - why the key was refused
   * @param message - what was found and what to do; must not contain key material
   * @param options - `cause` for a platform error (never one that carries key bytes); `found`
   *   when the advice in `message` names this package's functions
   */
  constructor(
    code: KeyFormatErrorCode,
    message: string,
    options?: { cause?: unknown; found?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.found = options?.found;
    brand(this, BRAND);
  }
}

/**
 * True for a {@link KeyFormatError}, also one from another realm or another copy of this package
 * (it matches on the package's `Symbol.for` brand, `name` and a known `code`, not only on
 * `instanceof`).
 *
 * @example
 * ```ts
 * if (isKeyFormatError(error)) console.error(error.code, error.message);
 * ```
 */
export function isKeyFormatError(value: unknown): value is KeyFormatError {
  if (value instanceof KeyFormatError) return true;
  if (!isBranded(value, BRAND, "KeyFormatError")) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return (
    typeof candidate.code === "string" &&
    CODES.has(candidate.code) &&
    typeof candidate.message === "string"
  );
}
