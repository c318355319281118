// The sizes of the WhatsApp Flows data channel (Meta, "Implementing Endpoint for Flows": request
// decryption and response encryption): an AES-128 key, RSA-OAEP encrypted with SHA-256 for both
// the OAEP hash and MGF1 and an empty label; a 16-byte IV (not GCM's usual 12); AES-GCM with no
// additional data and the 16-byte tag appended. One definition for both directions.

/** Bytes of the AES key the request's `encrypted_aes_key` decrypts to (AES-128). */
export const AES_KEY_BYTES = 16;
/** Bytes of `initial_vector`; the reply uses the same length, inverted. */
export const IV_BYTES = 16;
/** Bytes of the GCM tag appended to the ciphertext, both ways. */
export const TAG_BYTES = 16;
