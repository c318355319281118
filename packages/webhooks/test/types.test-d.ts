import { expectTypeOf } from "vitest";
import { createWebhookHandler, type WebhookEvent, type WebhookHandler } from "../src/index.js";

// Checked by `tsc --noEmit` (the typecheck task).

const handler = createWebhookHandler({
  secret: "s",
  on: {
    message: (event) => {
      if (event.type === "text") {
        expectTypeOf(event.message.text.body).toEqualTypeOf<string | undefined>();
        // @ts-expect-error: a text message has no image
        void event.message.image;
      }
      if (event.type === "image") expectTypeOf(event.message.image).not.toBeAny();
      if (event.type === "system") expectTypeOf(event.message.system.body).toEqualTypeOf<string>();
      expectTypeOf(event.phoneNumberId).toEqualTypeOf<string | undefined>();
      expectTypeOf(event.message.id).toEqualTypeOf<string>();
    },
    status: (event) => {
      expectTypeOf(event.status).toEqualTypeOf<"sent" | "delivered" | "read" | "failed">();
      if (event.status === "failed") {
        expectTypeOf(event.statusUpdate.status).toEqualTypeOf<"failed">();
      }
    },
    group: (event) => {
      expectTypeOf(event.group.group_id).toEqualTypeOf<string>();
    },
    unknown: (event) => {
      expectTypeOf(event.item).toEqualTypeOf<unknown>();
    },
  },
  onEvent: (event: WebhookEvent) => {
    if (event.kind === "message") expectTypeOf(event.contact).not.toBeAny();
    // @ts-expect-error: "reply" is not a kind
    if (event.kind === "reply") return;
  },
});
expectTypeOf(handler).toEqualTypeOf<WebhookHandler>();
expectTypeOf(handler).toBeCallableWith(new Request("http://x"));
