// node --env-file=.env --import tsx fastify/main.ts
import { createApp } from "./app.js";

const privateKey = process.env.FLOWS_PRIVATE_KEY;
if (!privateKey) {
  console.error(
    "FLOWS_PRIVATE_KEY is not set: put the PEM private key whose public half you uploaded in .env (`d360 keygen` makes a pair).",
  );
  process.exit(1);
}
const app = await createApp({
  privateKey,
  passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
  appSecret: process.env.META_APP_SECRET,
  // Every answer other than 200, with its reason (never a secret): without it a failing endpoint
  // is silent on this side while WhatsApp shows the user an error.
  onError: (event) =>
    console.error(`Flows endpoint answered ${event.status} (${event.code}): ${event.message}`),
}).catch((error: Error) => {
  console.error(`Cannot start the Flows endpoint: ${error.message}`);
  process.exit(1);
});
const address = await app.listen({ port: Number(process.env.PORT ?? 3000) });
console.log(`Flows endpoint on ${address}/flows`);
