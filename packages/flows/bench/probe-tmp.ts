import {
  constants,
  createCipheriv,
  createHmac,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import { readBody } from "../src/body.js";
import { decryptRequest } from "../src/decrypt.js";
import { encryptReply } from "../src/encrypt.js";
import { createFlowEndpoint } from "../src/index.js";

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const own = await crypto.subtle.importKey(
  "pkcs8",
  privateKey.export({ type: "pkcs8", format: "der" }),
  { name: "RSA-OAEP", hash: "SHA-256" },
  false,
  ["decrypt"],
);
const aesKey = randomBytes(16),
  iv = randomBytes(16);
const ek = publicEncrypt(
  { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
  aesKey,
);
const c = createCipheriv("aes-128-gcm", aesKey, iv);
const data = Buffer.concat([
  c.update('{"version":"3.0","action":"INIT"}'),
  c.final(),
  c.getAuthTag(),
]);
const raw = JSON.stringify({
  encrypted_flow_data: data.toString("base64"),
  encrypted_aes_key: ek.toString("base64"),
  initial_vector: iv.toString("base64"),
});
const sig = `sha256=${createHmac("sha256", "s").update(raw).digest("hex")}`;
const mk = () =>
  new Request("http://x/", { method: "POST", body: raw, headers: { "x-hub-signature-256": sig } });
async function time(name: string, op: () => Promise<unknown>, n = 400) {
  for (let i = 0; i < 40; i++) await op();
  const t = performance.now();
  for (let i = 0; i < n; i++) await op();
  console.log(name.padEnd(40), (((performance.now() - t) / n) * 1000).toFixed(0), "µs");
}
for (let round = 0; round < 2; round++) {
  await time("RSA decrypt", async () => crypto.subtle.decrypt({ name: "RSA-OAEP" }, own, ek));
  await time("decryptRequest", async () => decryptRequest(raw, own));
  await time("decrypt+encrypt", async () => {
    const d = await decryptRequest(raw, own);
    return encryptReply({ data: {} }, d.aesCryptoKey, d.iv);
  });
  await time("mk+readBody+decrypt+encrypt+Response", async () => {
    const b = await readBody(mk(), 1e6);
    const d = await decryptRequest(new TextDecoder().decode(b), own);
    return new Response(await encryptReply({ data: {} }, d.aesCryptoKey, d.iv)).text();
  });
  for (const [name, opts] of Object.entries({
    "ep plain t0": { timeoutMs: 0 },
    "ep plain": {},
    "ep sig t0": { appSecret: "s", timeoutMs: 0 },
    "ep sig": { appSecret: "s" },
  })) {
    const ep = createFlowEndpoint({ privateKey: own, handle: () => ({ data: {} }), ...opts });
    await time(name, async () => (await ep(mk())).text());
  }
}
