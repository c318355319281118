// node --env-file=.env --import tsx hono-webhooks/main.ts

import { createD360Client } from "@d360-messaging/client";
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";

const app = createApp({
  secret: process.env.D360_WEBHOOK_SECRET ?? "",
  client: createD360Client({ apiKey: process.env.D360_API_KEY ?? "" }),
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) =>
  console.log(`Webhook receiver on http://localhost:${info.port}/webhooks`),
);
