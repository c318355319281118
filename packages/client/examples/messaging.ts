import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createD360Client, isMediaError } from "@d360-messaging/client";

const client = createD360Client({ apiKey: process.env.D360_API_KEY ?? "" });
const to = "15551234567";

// A template message: the kind you may send outside the 24-hour customer service window.
const sent = await client.messages.sendMessage({
  messaging_product: "whatsapp",
  to,
  type: "template",
  template: { name: "hello_world", language: { code: "en_US" } },
});
console.log("template sent:", sent.messages[0]?.id); // "wamid.…"

// An image: upload it (type and size checked against WhatsApp's limits first), send it by ID.
try {
  const { id } = await client.media.upload(await readFile("photo.jpg"), { type: "image/jpeg" });
  await client.messages.sendMessage({
    messaging_product: "whatsapp",
    to,
    type: "image",
    image: { id, caption: "Our new shop" },
  });

  // Download a media file (an upload's ID, or one from an incoming message's webhook): a
  // stream, bounded by maxBytes, with the MIME type and SHA-256 the API gives.
  const media = await client.media.download(id, { maxBytes: 5 * 1024 * 1024 });
  // (The DOM lib's ReadableStream type and Node's differ in declarations only.)
  await pipeline(
    Readable.fromWeb(media.stream as NodeReadableStream),
    createWriteStream("copy.jpg"),
  );
  console.log("downloaded:", media.mimeType, media.fileSize, media.sha256);
} catch (error) {
  // Refused before anything was sent: e.g. { code: "too_large", limit: 5242880 }.
  if (isMediaError(error)) console.error(error.code, error.limit, error.message);
  else throw error;
}
