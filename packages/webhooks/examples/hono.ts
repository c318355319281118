import { createWebhookHandler } from "@d360-messaging/webhooks";
import { Hono } from "hono";

const webhook = createWebhookHandler({
  secret: process.env.D360_PLATFORM_SECRET ?? "",
  on: { message: (e) => console.log(e.type, e.contact?.wa_id, e.phoneNumberId) },
});
export default new Hono().post("/webhook", (c) => webhook(c.req.raw));
