import { copy, randomBytes, toBase64 } from "./bytes.js";

// WhatsApp's side of a PhotoPicker or DocumentPicker upload, written here on WebCrypto
// independently of @d360-messaging/flows (Meta, "Media upload components", Handling media):
// the file is encrypted with AES256-CBC + PKCS#7, and the CDN stores
// cdn_file = ciphertext ‖ first 10 bytes of HMAC-SHA256(hmac_key, iv ‖ ciphertext); the payload
// carries encryption_key, hmac_key, iv, plaintext_hash = SHA256(file) and
// encrypted_hash = SHA256(cdn_file), all base64.

/** The `encryption_metadata` WhatsApp puts beside a media file's `cdn_url`. */
export interface FlowMediaMetadata {
  /** The 32-byte AES-256-CBC key, base64. */
  encryption_key: string;
  /** The 32-byte HMAC-SHA256 key, base64. */
  hmac_key: string;
  /** The 16-byte IV, base64. */
  iv: string;
  /** SHA-256 of the plaintext file, base64. */
  plaintext_hash: string;
  /** SHA-256 of the stored file (ciphertext and trailer), base64. */
  encrypted_hash: string;
}

/** Options of {@link encryptFlowMedia}: fixed keys for deterministic tests. */
export interface EncryptFlowMediaOptions {
  /** @default 32 random bytes */
  encryptionKey?: Uint8Array;
  /** @default 32 random bytes */
  hmacKey?: Uint8Array;
  /** @default 16 random bytes */
  iv?: Uint8Array;
}

/** An encrypted media file as WhatsApp's CDN stores it, with its metadata. */
export interface EncryptedFlowMedia {
  /** The bytes the CDN serves: ciphertext followed by the 10-byte HMAC trailer. */
  file: Uint8Array;
  /** What the data_exchange payload carries beside `cdn_url`. */
  metadata: FlowMediaMetadata;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", copy(bytes)));
}

/**
 * Encrypt a file as WhatsApp does for a PhotoPicker or DocumentPicker upload.
 *
 * @example
 * const { file, metadata } = await encryptFlowMedia(new TextEncoder().encode("a photo"));
 * const media = { media_id: "m1", cdn_url: mock.cdn.put(file), file_name: "a.jpg", encryption_metadata: metadata };
 */
export async function encryptFlowMedia(
  plaintext: Uint8Array,
  options: EncryptFlowMediaOptions = {},
): Promise<EncryptedFlowMedia> {
  const encryptionKey = copy(options.encryptionKey ?? randomBytes(32));
  const hmacKey = copy(options.hmacKey ?? randomBytes(32));
  const iv = copy(options.iv ?? randomBytes(16));
  const aes = await crypto.subtle.importKey("raw", encryptionKey, "AES-CBC", false, ["encrypt"]);
  // WebCrypto's AES-CBC always appends PKCS#7 padding, as the protocol wants.
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-CBC", iv }, aes, copy(plaintext)),
  );
  const mac = await crypto.subtle.importKey(
    "raw",
    hmacKey,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signed = new Uint8Array(iv.length + ciphertext.length);
  signed.set(iv, 0);
  signed.set(ciphertext, iv.length);
  const hmac10 = new Uint8Array(await crypto.subtle.sign("HMAC", mac, signed)).subarray(0, 10);
  const file = new Uint8Array(ciphertext.length + hmac10.length);
  file.set(ciphertext, 0);
  file.set(hmac10, ciphertext.length);
  return {
    file,
    metadata: {
      encryption_key: toBase64(encryptionKey),
      hmac_key: toBase64(hmacKey),
      iv: toBase64(iv),
      plaintext_hash: toBase64(await sha256(plaintext)),
      encrypted_hash: toBase64(await sha256(file)),
    },
  };
}
