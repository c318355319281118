// A tiny Flows endpoint on node:crypto, written for the tests only: the
// independent other side the simulator is checked against.
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  type KeyObject,
  privateDecrypt,
  timingSafeEqual,
} from "node:crypto";

export interface ReferenceOptions {
  privateKey: KeyObject;
  appSecret?: string;
  /** Answer for a decrypted payload; defaults to echoing it under `data.echo`. */
  reply?: (payload: unknown) => unknown;
}

export interface Received {
  payload: unknown;
  aesKey: Buffer;
  iv: Buffer;
  signature: string | null;
  rawBody: string;
}

export function nodeDecryptRequest(
  body: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string },
  privateKey: KeyObject,
): { plaintext: Buffer; aesKey: Buffer; iv: Buffer } {
  const aesKey = privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(body.encrypted_aes_key, "base64"),
  );
  const iv = Buffer.from(body.initial_vector, "base64");
  const sealed = Buffer.from(body.encrypted_flow_data, "base64");
  const decipher = createDecipheriv("aes-128-gcm", aesKey, iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plaintext = Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - 16)),
    decipher.final(),
  ]);
  return { plaintext, aesKey, iv };
}

export function nodeEncryptReply(plaintext: Buffer, aesKey: Buffer, requestIv: Buffer): string {
  const iv = Buffer.from(requestIv.map((b) => b ^ 0xff));
  const cipher = createCipheriv("aes-128-gcm", aesKey, iv);
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return sealed.toString("base64");
}

/** A fetch handler: 432 on a bad signature, 421 when the request does not decrypt, else the encrypted reply. */
export function referenceEndpoint(options: ReferenceOptions) {
  const received: Received[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const rawBody = await request.text();
    const signature = request.headers.get("x-hub-signature-256");
    if (options.appSecret !== undefined) {
      const expected = Buffer.from(
        `sha256=${createHmac("sha256", options.appSecret).update(rawBody).digest("hex")}`,
      );
      const given = Buffer.from(signature ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return new Response(null, { status: 432 });
      }
    }
    let decrypted: { plaintext: Buffer; aesKey: Buffer; iv: Buffer };
    try {
      decrypted = nodeDecryptRequest(JSON.parse(rawBody), options.privateKey);
    } catch {
      return new Response(null, { status: 421 });
    }
    const payload: unknown = JSON.parse(decrypted.plaintext.toString("utf8"));
    received.push({ payload, aesKey: decrypted.aesKey, iv: decrypted.iv, signature, rawBody });
    const reply = options.reply ? options.reply(payload) : { data: { echo: payload } };
    const text = Buffer.from(JSON.stringify(reply));
    return new Response(nodeEncryptReply(text, decrypted.aesKey, decrypted.iv), {
      status: 200,
      headers: { "content-type": "text/plain" },
    });
  };
  return Object.assign(handler, { received });
}
