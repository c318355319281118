// Public API of @d360-messaging/flows, Node build (exports condition "node"): the same names
// and signatures as index.ts (whose .d.ts both builds share), with node:crypto for the symmetric
// parts (AES-128-GCM, HMAC-SHA256, SHA-256, AES-256-CBC) and, when a request is alone in flight,
// for its RSA-OAEP decryption; RSA with other requests in flight stays on WebCrypto, which runs it
// on libuv's threadpool over the key pool. See node/crypto.ts for why.

import type { CryptoKey } from "@d360-messaging/keys";
import type { FlowCrypto } from "./crypto/backend.js";
import { decryptFlowRequestUsing } from "./decrypt.js";
import { encryptFlowResponseUsing } from "./encrypt.js";
import { createFlowEndpointUsing } from "./endpoint.js";
import type { FlowEndpoint, FlowEndpointOptions } from "./endpoint-options.js";
import {
  type DownloadFlowMediaOptions,
  decryptFlowMediaUsing,
  downloadFlowMediaUsing,
  type FlowMedia,
  type FlowMediaEncryptionMetadata,
} from "./media.js";
import { nodeCrypto } from "./node/crypto.js";
import { verifyFlowSignatureUsing } from "./signature.js";
import type { DecryptedFlowRequest, EncryptedFlowRequest, FlowResponse } from "./types.js";

// Everything of the web build; the functions declared below shadow its versions (a module's own
// exports win over `export *`), so the lists cannot drift apart.
export * from "./index.js";

const backend: FlowCrypto = nodeCrypto;

/**
 * Creates a WhatsApp Flows endpoint as a standard fetch handler; see the web build's
 * `createFlowEndpoint`. On Node the symmetric crypto runs on node:crypto, and a request alone in
 * flight has its RSA-OAEP step done synchronously too.
 *
 * @example
 * const endpoint = createFlowEndpoint({ privateKey, passphrase, appSecret, handle });
 * await endpoint.ready();
 * serve({ fetch: endpoint, port: 3000 });
 */
export function createFlowEndpoint(options: FlowEndpointOptions): FlowEndpoint {
  return createFlowEndpointUsing(backend, options);
}

/**
 * Decrypts a WhatsApp Flows endpoint request; see the web build's `decryptFlowRequest`.
 *
 * @example
 * const { payload, aesKey, iv } = await decryptFlowRequest(await request.text(), privateKey);
 */
export function decryptFlowRequest(
  body: EncryptedFlowRequest | string,
  privateKey: CryptoKey | readonly CryptoKey[],
): Promise<DecryptedFlowRequest> {
  return decryptFlowRequestUsing(backend, body, privateKey);
}

/**
 * Encrypts a reply to a WhatsApp Flows request; see the web build's `encryptFlowResponse`.
 *
 * @example
 * const body = await encryptFlowResponse({ screen: "SUCCESS", data: {} }, aesKey, iv);
 */
export function encryptFlowResponse(
  response: FlowResponse | string | Uint8Array,
  aesKey: Uint8Array,
  iv: Uint8Array,
): Promise<string> {
  return encryptFlowResponseUsing(backend, response, aesKey, iv);
}

/**
 * Verifies the `X-Hub-Signature-256` header; see the web build's `verifyFlowSignature`.
 *
 * @example
 * await verifyFlowSignature(raw, request.headers.get("x-hub-signature-256"), appSecret);
 */
export function verifyFlowSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  appSecret: string | readonly string[],
): Promise<boolean> {
  return verifyFlowSignatureUsing(backend, rawBody, header, appSecret);
}

/**
 * Checks and decrypts a PhotoPicker or DocumentPicker file; see the web build's
 * `decryptFlowMedia`.
 *
 * @example
 * const photo = await decryptFlowMedia(bytes, media.encryption_metadata);
 */
export function decryptFlowMedia(
  file: Uint8Array,
  metadata: FlowMediaEncryptionMetadata,
): Promise<Uint8Array> {
  return decryptFlowMediaUsing(backend, file, metadata);
}

/**
 * Downloads and decrypts a PhotoPicker or DocumentPicker file; see the web build's
 * `downloadFlowMedia`.
 *
 * @example
 * const photo = await downloadFlowMedia(media, { signal: context.signal });
 */
export function downloadFlowMedia(
  media: FlowMedia,
  options?: DownloadFlowMediaOptions,
): Promise<Uint8Array> {
  return downloadFlowMediaUsing(backend, media, options);
}
