// node --env-file=.env --import tsx fastify/main.ts
import { createApp } from "./app.js";

const app = createApp({
  privateKey: process.env.FLOWS_PRIVATE_KEY ?? "",
  passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
  appSecret: process.env.META_APP_SECRET,
});
const address = await app.listen({ port: Number(process.env.PORT ?? 3000) });
console.log(`Flows endpoint on ${address}/flows`);
