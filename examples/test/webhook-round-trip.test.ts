// Issue 22's round trip: a message sent through the client to the mock comes back to a receiver
// built on @d360-messaging/webhooks as `sent`, `delivered`, `read`, in that order, signed, with
// biz_opaque_callback_data echoed in each.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createD360Client } from "@d360-messaging/client";
import { DEFAULT_API_KEY, startMockServer } from "@d360-messaging/mock-server";
import { createWebhookHandler } from "@d360-messaging/webhooks";
import { toNodeListener } from "@d360-messaging/webhooks/node";
import { afterEach, expect, it } from "vitest";

const SECRET = "round-trip-webhook-secret-8d7c";
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

it("client sends → the receiver sees sent, delivered, read in order", async () => {
  const seen: { id: string; status: string; to: string; opaque: string | undefined }[] = [];
  const receiver = createServer(
    toNodeListener(
      createWebhookHandler({
        secret: SECRET,
        on: {
          status: (event) => {
            seen.push({
              id: event.statusUpdate.id,
              status: event.status,
              to: event.statusUpdate.recipient_id,
              opaque: event.statusUpdate.biz_opaque_callback_data,
            });
          },
        },
      }),
    ),
  );
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => receiver.close(resolve)));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

  const mock = await startMockServer({
    webhooks: { url, secret: SECRET, delays: { sent: 0, delivered: 0, read: 0 }, retry: 0 },
  });
  closers.push(() => mock.close());
  const client = createD360Client({ apiKey: DEFAULT_API_KEY, baseUrl: mock.url });

  const sent = await client.messages.sendMessage({
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: "16505551234",
    type: "text",
    text: { body: "Your order has shipped" },
    biz_opaque_callback_data: "order-7",
  });
  const id = sent.messages?.[0]?.id;
  expect(id).toMatch(/^wamid\./);

  await mock.webhooks.idle();
  expect(seen).toEqual([
    { id, status: "sent", to: "16505551234", opaque: "order-7" },
    { id, status: "delivered", to: "16505551234", opaque: "order-7" },
    { id, status: "read", to: "16505551234", opaque: "order-7" },
  ]);
  expect(mock.webhooks.deliveries.map((d) => [d.event, d.status])).toEqual([
    ["sent", 200],
    ["delivered", 200],
    ["read", 200],
  ]);
});
