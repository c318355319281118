import { KeyFormatError } from "./errors.js";

/** The OpenSSL command that makes a key WhatsApp accepts, for advice in messages. */
export const GENPKEY =
  "`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem`";

// The refusals more than one reader raises, worded once so every path gives the same advice.

/** The refusal for any private key, whichever function met it. */
export function privateKeyRefusal(found: string): KeyFormatError {
  const what = `Found ${found}. A private key must never be uploaded or shared.`;
  return new KeyFormatError(
    "PRIVATE_KEY",
    `${what} Upload its public half instead: derive it with derivePublicKey() or \`openssl pkey -in private.pem -pubout -out public.pem\`.`,
    { found: what },
  );
}

/** The refusal for a certificate or CSR where a bare key belongs. */
export function certificateRefusal(found: string): KeyFormatError {
  return new KeyFormatError(
    "CERTIFICATE",
    `Found ${found}; WhatsApp needs the bare public key, not a certificate or certificate request. Extract its public key with \`openssl x509 -in cert.pem -pubkey -noout > public.pem\` (for a request: \`openssl req -in request.csr -pubkey -noout > public.pem\`).`,
  );
}

/** The refusal for a public key where the private key is needed. */
export function publicKeyGiven(found: string): KeyFormatError {
  return new KeyFormatError(
    "NOT_PEM",
    `Found ${found}: that is a public key, and this needs the matching private key (-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----).`,
  );
}

/** The refusal for a key of another algorithm. */
export function notRsa(found: string): KeyFormatError {
  return new KeyFormatError(
    "NOT_RSA",
    `Found ${found}; the WhatsApp Business encryption needs RSA (2048 bits). Generate one with generateKeyPair() or ${GENPKEY}.`,
    { found: `Found ${found}; the WhatsApp Business encryption needs RSA (2048 bits).` },
  );
}
