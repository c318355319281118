// The round trip against the mock server over loopback: send a template message, upload
// an image, send it by ID, download it back and compare the bytes (and the SHA-256 the mock
// gives, computed again with node:crypto).
import { createHash } from "node:crypto";
import { startMockServer } from "@d360-messaging/mock-server/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createD360Client } from "../src/index.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

let mock: Awaited<ReturnType<typeof startMockServer>>;
beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY] });
});
afterAll(async () => {
  await mock.close();
  expectNoLeak();
});

it("template, upload, send by ID, download: the same bytes come back", async () => {
  const client = createD360Client({ apiKey: API_KEY, baseUrl: mock.url });
  const to = "4915112345678";
  const template = await client.messages.sendMessage({
    messaging_product: "whatsapp",
    to,
    type: "template",
    template: { name: "hello_world", language: { code: "en_US" } },
  });
  expect(template.messages[0]?.id).toMatch(/^wamid\./);

  // A PNG signature and pseudo-random bytes: what matters is that they come back unchanged.
  const png = new Uint8Array(20_000).map((_, i) =>
    i < 8 ? ([137, 80, 78, 71, 13, 10, 26, 10][i] ?? 0) : (i * 7919) & 0xff,
  );
  const { id } = await client.media.upload(png, { type: "image/png", filename: "shop.png" });
  const image = await client.messages.sendMessage({
    messaging_product: "whatsapp",
    to,
    type: "image",
    image: { id, caption: "Our new shop" },
  });
  expect(image.messages[0]?.id).toMatch(/^wamid\./);
  expect(image.messages[0]?.id).not.toBe(template.messages[0]?.id);

  const media = await client.media.download(id);
  const bytes = new Uint8Array(await new Response(media.stream).arrayBuffer());
  expect(bytes).toEqual(png);
  expect(media.mimeType).toBe("image/png");
  expect(media.fileSize).toBe(png.length);
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(media.sha256);

  // Deleted, it is gone.
  await client.media.deleteMedia({ media_id: id });
  const error = await caught(client.media.download(id));
  expect(error).toMatchObject({ name: "ApiError", status: 404 });
});
