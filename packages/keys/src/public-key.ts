import { KeyFormatError } from "./errors.js";
import { type DerKind, identifyDer } from "./identify.js";
import { readKeyInput } from "./input.js";
import { decodePemBody, describeLabel, encodePem, type PemBlock } from "./pem.js";
import { certificateRefusal, privateKeyRefusal } from "./refusals.js";
import { checkRsaPublic, type RsaPublicComponents, readRsaPublicKey } from "./rsa.js";
import { encodeRsaSpki, readRsaSpki } from "./spki.js";

/** A validated RSA public key in its canonical form. */
export interface PublicKeyInfo {
  /** SubjectPublicKeyInfo PEM: `-----BEGIN PUBLIC KEY-----`, 64-character lines, LF, trailing newline. */
  readonly pem: string;
  /** The same key as SubjectPublicKeyInfo DER. */
  readonly der: Uint8Array;
  /** Size of the RSA modulus in bits (2048 or more). */
  readonly modulusBits: number;
  /** The RSA public exponent, almost always 65537. */
  readonly publicExponent: number;
}

/**
 * Most characters (or bytes) accepted by {@link parsePublicKey}. A 4096-bit SPKI PEM is about
 * 800 characters, a 16384-bit one about 2,900; anything past 8,192 is a bundle or a mistake.
 */
export const PUBLIC_KEY_MAX_LENGTH = 8192;

const EXPECTED = "an RSA public key (-----BEGIN PUBLIC KEY-----)";

// Labels of blocks that hold only a private key (RFC 7468 §10, §11 and the OpenSSL/OpenSSH
// "traditional" forms): any label ending in PRIVATE KEY.
export function isPrivateLabel(label: string): boolean {
  return /PRIVATE KEY$/.test(label);
}

const CERTIFICATE_LABELS = new Set([
  "CERTIFICATE",
  "X509 CERTIFICATE",
  "TRUSTED CERTIFICATE",
  "CERTIFICATE REQUEST",
  "NEW CERTIFICATE REQUEST",
  "X509 CRL",
]);

/**
 * Validates an RSA public key and returns it in canonical SubjectPublicKeyInfo form, the only
 * form WhatsApp accepts for the business public key.
 *
 * Accepts SPKI PEM (`-----BEGIN PUBLIC KEY-----`), PKCS#1 PEM (`-----BEGIN RSA PUBLIC KEY-----`,
 * converted to SPKI), either as DER bytes, with CRLF line ends, surrounding whitespace or text,
 * and literal `\n` escapes as left by env files.
 *
 * @param input - the key as text, or as PEM or DER bytes
 * @returns the canonical PEM and DER, the modulus size and the public exponent
 * @throws {KeyFormatError} `PRIVATE_KEY`, `CERTIFICATE`, `NOT_RSA`, `KEY_TOO_SMALL`, `NOT_PEM`,
 *   `MALFORMED` or `TOO_LARGE` (over 8,192 characters or bytes)
 *
 * @example
 * ```ts
 * import { parsePublicKey } from "@d360-messaging/keys";
 *
 * const key = parsePublicKey(process.env.PUBLIC_KEY ?? "");
 * console.log(key.modulusBits); // 2048
 * await upload(key.pem);
 * ```
 */
export function parsePublicKey(input: string | Uint8Array): PublicKeyInfo {
  const source = readKeyInput(input, PUBLIC_KEY_MAX_LENGTH, EXPECTED);
  if (source.kind === "der") return fromDer(source.der, identifyDer(source.der), undefined);
  const { blocks } = source;
  // A pasted file holding a private key is refused even if a public key is in it too: the
  // caller is about to upload the input, and the user should learn that the file is secret.
  const privateBlock = blocks.find((block) => isPrivateLabel(block.label));
  if (privateBlock) throw privateKeyRefusal(describeLabel(privateBlock.label));
  if (blocks.length > 1) {
    throw new KeyFormatError(
      "MALFORMED",
      `Found ${blocks.length} PEM blocks; pass only the -----BEGIN PUBLIC KEY----- block.`,
    );
  }
  return fromBlock(blocks[0] as PemBlock);
}

function fromBlock(block: PemBlock): PublicKeyInfo {
  const found = describeLabel(block.label);
  if (CERTIFICATE_LABELS.has(block.label)) throw certificateRefusal(found);
  if (block.label !== "PUBLIC KEY" && block.label !== "RSA PUBLIC KEY") {
    throw new KeyFormatError("NOT_PEM", `Found ${found}; expected ${EXPECTED}.`);
  }
  if (block.headers.size > 0) {
    throw new KeyFormatError(
      "MALFORMED",
      `Found ${found} with header lines, which RFC 7468 §2 does not permit; copy the key again.`,
    );
  }
  // Dispatch on the structure, not the label: a private key under a PUBLIC KEY label is still
  // private, and tools that write SPKI under "RSA PUBLIC KEY" (or the reverse) are forgiven.
  const der = decodePemBody(block);
  return fromDer(der, identifyDer(der), found);
}

/** `where` names the PEM block the DER came from; undefined for raw DER input. */
function fromDer(der: Uint8Array, kind: DerKind, where: string | undefined): PublicKeyInfo {
  const what = where === undefined ? "The DER input" : `The ${where} block`;
  switch (kind) {
    case "spki":
      return canonical(readRsaSpki(der, what), what);
    case "rsa-public":
      return canonical(readRsaPublicKey(der, what), what);
    case "certificate":
      throw certificateRefusal(
        where === undefined ? "a DER certificate" : `a certificate inside ${where}`,
      );
    case "pkcs8":
    case "rsa-private":
    case "encrypted-pkcs8":
    case "ec-private":
    case "dsa-private":
      throw privateKeyRefusal(
        where === undefined ? "a DER private key" : `a private key inside ${where}`,
      );
    case "unknown":
      throw new KeyFormatError(
        "MALFORMED",
        `${what} is not a DER-encoded key; expected ${EXPECTED}, as PEM text or SubjectPublicKeyInfo DER.`,
      );
  }
}

/** Checks the numbers and re-encodes them, so the output is canonical whatever came in. */
export function canonical(key: RsaPublicComponents, what: string): PublicKeyInfo {
  const { modulusBits, publicExponent } = checkRsaPublic(key, what);
  const der = encodeRsaSpki(key);
  return { pem: encodePem("PUBLIC KEY", der), der, modulusBits, publicExponent };
}
