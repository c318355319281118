// A WhatsApp webhook receiver on Hono that answers every incoming text through the 360dialog
// API. The receiver (@d360-messaging/webhooks) is a fetch handler: Hono hands it the untouched
// Request, so the signature is checked over the raw bytes.
import type { D360Client } from "@d360-messaging/client";
import { createWebhookHandler } from "@d360-messaging/webhooks";
import { Hono } from "hono";

export interface WebhookAppConfig {
  /** 360dialog's partner secret: every webhook must carry a matching x-360dialog-signature. */
  secret: string;
  /** The client that sends the replies (its API key is the channel's). */
  client: D360Client;
}

export function createApp({ secret, client }: WebhookAppConfig): Hono {
  const webhooks = createWebhookHandler({
    secret,
    on: {
      async message(event) {
        if (event.type !== "text") return;
        // A failed reply throws: the webhook is answered 500 and 360dialog delivers it again.
        await client.messages.sendMessage({
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to: event.message.from,
          type: "text",
          text: { body: `You said: ${event.message.text.body ?? ""}` },
        });
      },
    },
  });
  const app = new Hono();
  app.post("/webhooks", (c) => webhooks(c.req.raw));
  return app;
}
