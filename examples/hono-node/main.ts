// node --env-file=.env --import tsx hono-node/main.ts
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";

const app = createApp({
  privateKey: process.env.FLOWS_PRIVATE_KEY ?? "",
  passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
  appSecret: process.env.META_APP_SECRET,
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) =>
  console.log(`Flows endpoint on http://localhost:${info.port}/flows`),
);
