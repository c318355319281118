// What must and must not compile when sending messages and handling media.
import { describe, expectTypeOf, it } from "vitest";
import type {
  D360Client,
  DownloadedMedia,
  MediaError,
  OutgoingMessage,
  SendMessageResult,
} from "../src/index.js";
import { isMediaError } from "../src/index.js";

declare const client: D360Client;

describe("messages.sendMessage", () => {
  it("takes Meta's message object, one shape per type", () => {
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      to: "15551234567",
      type: "text",
      text: { body: "hi", preview_url: true },
    });
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "15551234567",
      type: "image",
      image: { link: "https://example.com/a.jpg" },
      context: { message_id: "wamid.IN" },
    });
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      to: "15551234567",
      type: "reaction",
      reaction: { message_id: "wamid.IN", emoji: "👍" },
    });
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      to: "15551234567",
      type: "location",
      location: { latitude: 52.52, longitude: 13.4, name: "Berlin" },
    });
  });

  it("resolves the message ID and contacts without optional chaining on the arrays", () => {
    expectTypeOf(client.messages.sendMessage).returns.resolves.toEqualTypeOf<SendMessageResult>();
    expectTypeOf<SendMessageResult["messages"][number]["id"]>().toEqualTypeOf<string>();
    expectTypeOf<SendMessageResult["contacts"][number]>().toEqualTypeOf<{
      input: string;
      wa_id: string;
    }>();
    expectTypeOf<SendMessageResult["messages"][number]["message_status"]>().toEqualTypeOf<
      "accepted" | "held_for_quality_assessment" | "paused" | undefined
    >();
    expectTypeOf<OutgoingMessage>().toHaveProperty("to");
  });

  it("refuses a wrong message type, a template without a name, a missing `to`", () => {
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      to: "15551234567",
      // @ts-expect-error not a message type
      type: "fax",
      text: { body: "hi" },
    });
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      to: "15551234567",
      type: "template",
      // @ts-expect-error a template needs its name
      template: { language: { code: "en_US" } },
    });
    // @ts-expect-error `to` is required
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      type: "text",
      text: { body: "hi" },
    });
    client.messages.sendMessage({
      messaging_product: "whatsapp",
      to: "15551234567",
      type: "image",
      // @ts-expect-error an image message carries `image`, not `text`
      text: { body: "hi" },
    });
  });
});

describe("messages.markAsRead", () => {
  it("takes the message ID and an optional typing indicator", () => {
    expectTypeOf(client.messages.markAsRead("wamid.IN", { typingIndicator: true })).toEqualTypeOf<
      Promise<{ success: true }>
    >();
    // @ts-expect-error the message ID is required
    client.messages.markAsRead();
  });
});

describe("media", () => {
  it("upload takes a Blob, File or bytes with a MIME type and resolves { id }", () => {
    expectTypeOf(client.media.upload(new Uint8Array(1), { type: "image/png" })).toEqualTypeOf<
      Promise<{ id: string }>
    >();
    client.media.upload(new Blob(["x"], { type: "text/plain" }));
    // @ts-expect-error a path is not a file: read it first
    client.media.upload("photo.jpg", { type: "image/jpeg" });
  });

  it("download resolves a stream with what the API says of the file", () => {
    expectTypeOf(client.media.download("1", { maxBytes: 1_000_000 })).toEqualTypeOf<
      Promise<DownloadedMedia>
    >();
    expectTypeOf<DownloadedMedia["stream"]>().toEqualTypeOf<ReadableStream<Uint8Array>>();
    // @ts-expect-error maxBytes is a number of bytes
    client.media.download("1", { maxBytes: "5MB" });
  });

  it("isMediaError narrows to the error's fields", () => {
    const error: unknown = new Error();
    if (isMediaError(error)) {
      expectTypeOf(error).toEqualTypeOf<MediaError>();
      expectTypeOf(error.code).toEqualTypeOf<"unsupported_type" | "too_large" | "size_mismatch">();
      expectTypeOf(error.limit).toEqualTypeOf<number | undefined>();
    }
  });
});

// The README's messaging example compiles (it needs a real number to run).
import "../examples/messaging.js";
