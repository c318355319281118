import { KeyFormatError } from "./errors.js";
import { identifyDer } from "./identify.js";
import { readKeyInput } from "./input.js";
import { isJwkObject, readJwk } from "./jwk.js";
import type { LegacyCrypto } from "./legacy.js";
import { decryptLegacyPem, isLegacyEncrypted } from "./legacy-pem.js";
import { decryptPkcs8 } from "./pbes2.js";
import { decodePemBody, describeLabel, type PemBlock } from "./pem.js";
import { encodeRsaPrivateKeyInfo, readRsaPrivateKeyInfo } from "./pkcs8.js";
import { canonical, isPrivateLabel, type PublicKeyInfo } from "./public-key.js";
import { certificateRefusal, notRsa, publicKeyGiven } from "./refusals.js";
import { checkRsaPrivate, type RsaPrivateComponents, readRsaPrivateKey } from "./rsa.js";
import type { CryptoKey } from "./web-types.js";
import { buffer, RSA_OAEP_SHA256, randomBytes, subtle } from "./webcrypto.js";

/** Options for reading a private key. */
export interface PrivateKeyOptions {
  /**
   * Passphrase of an encrypted key (PKCS#8 `ENCRYPTED PRIVATE KEY` or legacy
   * `Proc-Type: 4,ENCRYPTED` PEM), as UTF-8 text. Ignored for an unencrypted key.
   * @default undefined
   * @example { passphrase: process.env.PRIVATE_KEY_PASSPHRASE }
   */
  passphrase?: string;
  /**
   * Imports the key as extractable, so that `crypto.subtle.exportKey("pkcs8", key)` can hand its
   * material to another crypto library (node:crypto's `createPrivateKey`, for instance, which
   * Node 24.21+ no longer wants to read from a non-extractable key through `KeyObject.from`:
   * DEP0204). Leave it off unless you need that: whoever holds an extractable key can read the
   * private key out of it. A CryptoKey input that is already an RSA-OAEP/SHA-256 decrypt key is
   * returned as it is, whatever this says.
   * @default false
   * @example { passphrase, extractable: true }
   */
  extractable?: boolean;
}

/**
 * Most characters (or bytes, or JWK number characters) accepted for a private key: twice the
 * public-key limit. A 4096-bit key is about 3,300 characters as PKCS#8 PEM and 3,450 encrypted
 * (a little more with literal `\n` escapes); 16,384 leaves room for 8192-bit keys (~6,600).
 */
export const PRIVATE_KEY_MAX_LENGTH = 16384;

const EXPECTED = "an RSA private key (-----BEGIN PRIVATE KEY-----)";

/** The private key as imported, and its public half. */
export interface LoadedPrivateKey {
  readonly key: CryptoKey;
  readonly publicKey: PublicKeyInfo;
}

function readPlainPrivateKey(der: Uint8Array, what: string): RsaPrivateComponents {
  const kind = identifyDer(der);
  if (kind === "rsa-private") return readRsaPrivateKey(der, what);
  if (kind === "pkcs8") return readRsaPrivateKeyInfo(der, what);
  if (kind === "ec-private" || kind === "dsa-private") throw notRsa("an EC or DSA private key");
  throw new KeyFormatError(
    "MALFORMED",
    `${what} is not a DER-encoded private key; copy it again from its source.`,
  );
}

/**
 * Decrypted keys are checked inside the decryption's decode step, so that damaged ciphertext
 * which still decodes as DER is reported like a wrong passphrase.
 */
function checked(components: RsaPrivateComponents): RsaPrivateComponents {
  checkRsaPrivate(components, "The decrypted key");
  return components;
}

/** `where` names the PEM block the DER came from; undefined for raw DER input. */
async function fromDer(
  der: Uint8Array,
  where: string | undefined,
  passphrase: string | undefined,
  legacy: LegacyCrypto | undefined,
): Promise<RsaPrivateComponents> {
  const what = where === undefined ? "The DER input" : `The ${where} block`;
  const inside = (thing: string) =>
    where === undefined ? `${thing} (DER)` : `${thing} inside ${where}`;
  switch (identifyDer(der)) {
    case "pkcs8":
      return readRsaPrivateKeyInfo(der, what);
    case "rsa-private":
      return readRsaPrivateKey(der, what);
    case "encrypted-pkcs8":
      return decryptPkcs8(der, passphrase, legacy, (plain) =>
        checked(readRsaPrivateKeyInfo(plain, "The decrypted key")),
      );
    case "spki":
    case "rsa-public":
      throw publicKeyGiven(inside("a public key"));
    case "certificate":
      throw certificateRefusal(inside("a certificate"));
    case "ec-private":
    case "dsa-private":
      throw notRsa(inside("an EC or DSA private key"));
    case "unknown":
      throw new KeyFormatError(
        "MALFORMED",
        `${what} is not a DER-encoded key; expected ${EXPECTED}.`,
      );
  }
}

async function fromBlock(
  block: PemBlock,
  passphrase: string | undefined,
  legacy: LegacyCrypto | undefined,
): Promise<RsaPrivateComponents> {
  const found = describeLabel(block.label);
  switch (block.label) {
    case "PRIVATE KEY":
    case "RSA PRIVATE KEY":
    case "ENCRYPTED PRIVATE KEY":
      break;
    case "EC PRIVATE KEY":
    case "DSA PRIVATE KEY":
      throw notRsa(found);
    case "OPENSSH PRIVATE KEY":
      throw new KeyFormatError(
        "NOT_PEM",
        `Found ${found}, the OpenSSH key format. Rewrite it as PKCS#8 in place with \`ssh-keygen -p -m PKCS8 -f id_rsa\` (RSA keys only).`,
      );
    default:
      throw new KeyFormatError("NOT_PEM", `Found ${found}; expected ${EXPECTED}.`);
  }
  if (isLegacyEncrypted(block.headers)) {
    const body = decodePemBody(block);
    return decryptLegacyPem(block.headers, body, passphrase, legacy, (plain) =>
      checked(readPlainPrivateKey(plain, "The decrypted key")),
    );
  }
  if (block.headers.size > 0) {
    throw new KeyFormatError(
      "MALFORMED",
      `Found ${found} with header lines that do not describe an encryption; copy the key again.`,
    );
  }
  return fromDer(decodePemBody(block), found, passphrase, legacy);
}

async function readComponents(
  input: unknown,
  passphrase: string | undefined,
  legacy: LegacyCrypto | undefined,
): Promise<RsaPrivateComponents> {
  if (isJwkObject(input)) return readJwk(input, PRIVATE_KEY_MAX_LENGTH);
  const source = readKeyInput(input, PRIVATE_KEY_MAX_LENGTH, EXPECTED);
  if (source.kind === "der") return fromDer(source.der, undefined, passphrase, legacy);
  const privateBlocks = source.blocks.filter((block) => isPrivateLabel(block.label));
  const [first] = privateBlocks;
  if (first === undefined) {
    const label = source.blocks[0]?.label ?? "";
    const found = describeLabel(label);
    if (/CERTIFICATE|CRL/.test(label)) throw certificateRefusal(found);
    if (/PUBLIC KEY$/.test(label)) throw publicKeyGiven(found);
    throw new KeyFormatError("NOT_PEM", `Found ${found}; expected ${EXPECTED}.`);
  }
  if (privateBlocks.length > 1) {
    throw new KeyFormatError(
      "MALFORMED",
      `Found ${privateBlocks.length} private keys in the input; pass exactly one.`,
    );
  }
  return fromBlock(first, passphrase, legacy);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

function inconsistent(): KeyFormatError {
  return new KeyFormatError(
    "MALFORMED",
    "The private key's numbers do not form a working RSA key (it is damaged); copy it again from its source.",
  );
}

/**
 * Imports for RSA-OAEP/SHA-256 decryption, then proves the key works on this runtime: a
 * random probe encrypted with the public half must decrypt back (a pairwise consistency test,
 * as FIPS 140 asks of generated keys), so a key that would fail does so here, not on the
 * first real request.
 */
async function importChecked(
  components: RsaPrivateComponents,
  publicKey: PublicKeyInfo,
  extractable: boolean,
): Promise<CryptoKey> {
  let key: CryptoKey;
  let encryptKey: CryptoKey;
  try {
    key = await subtle().importKey(
      "pkcs8",
      buffer(encodeRsaPrivateKeyInfo(components)),
      RSA_OAEP_SHA256,
      extractable,
      ["decrypt"],
    );
    encryptKey = await subtle().importKey("spki", buffer(publicKey.der), RSA_OAEP_SHA256, false, [
      "encrypt",
    ]);
  } catch {
    throw inconsistent();
  }
  const probe = randomBytes(32);
  const sealed = await subtle().encrypt({ name: "RSA-OAEP" }, encryptKey, probe);
  let opened: Uint8Array;
  try {
    opened = new Uint8Array(await subtle().decrypt({ name: "RSA-OAEP" }, key, sealed));
  } catch {
    throw inconsistent();
  }
  if (!equalBytes(opened, probe)) throw inconsistent();
  return key;
}

function readPassphrase(options: unknown): string | undefined {
  if (options === undefined || options === null) return undefined;
  const { passphrase } = options as PrivateKeyOptions;
  if (passphrase !== undefined && typeof passphrase !== "string") {
    throw new TypeError("options.passphrase must be a string.");
  }
  return passphrase;
}

/** The `extractable` option; a TypeError for anything but a boolean (a string "false" is true). */
export function readExtractable(options: unknown): boolean {
  if (options === undefined || options === null) return false;
  const { extractable } = options as PrivateKeyOptions;
  if (extractable !== undefined && typeof extractable !== "boolean") {
    throw new TypeError(
      `options.extractable must be true or false, got ${typeof extractable}; leave it out for a non-extractable key.`,
    );
  }
  return extractable === true;
}

/**
 * Reads any supported private-key input into an imported RSA-OAEP/SHA-256 key plus its public
 * half. Shared by importPrivateKey and derivePublicKey, so both accept and refuse the same keys.
 */
export async function loadPrivateKey(
  input: unknown,
  options: PrivateKeyOptions | undefined,
  legacy: LegacyCrypto | undefined,
): Promise<LoadedPrivateKey> {
  const extractable = readExtractable(options);
  const components = await readComponents(input, readPassphrase(options), legacy);
  const publicKey = canonical(components, "The private key");
  checkRsaPrivate(components, "The private key");
  return { key: await importChecked(components, publicKey, extractable), publicKey };
}
