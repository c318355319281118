import { createHmac } from "node:crypto";
import fc from "fast-check";
import { expect, it } from "vitest";
import { MessageEvents } from "../src/index.js";
import { createMockWebhooks } from "../src/webhooks/dispatcher.js";

// For any text, name and secret, what the mock sends is signed over exactly the bytes sent
// (checked with node:crypto) and carries the text unchanged; the 360dialog signature is hex
// without a prefix, Meta's `sha256=` and hex.
it("signs exactly the bytes it sends, for any text and secret", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 64 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 64 }),
      async (text, name, secret, appSecret) => {
        const sent: { body: string; headers: Headers }[] = [];
        const webhooks = createMockWebhooks(
          {
            url: "http://receiver.test/",
            secret,
            appSecret,
            fetch: async (request) => {
              sent.push({ body: await request.text(), headers: request.headers });
              return new Response(null, { status: 204 });
            },
          },
          new MessageEvents(),
        );
        const outcome = await webhooks.inbound({ from: "16505551234", text, name });
        expect(outcome.ok).toBe(true);
        const [{ body, headers }] = sent as [(typeof sent)[number]];
        const bytes = Buffer.from(body, "utf8");
        expect(headers.get("x-360dialog-signature")).toBe(
          createHmac("sha256", Buffer.from(secret, "utf8")).update(bytes).digest("hex"),
        );
        expect(headers.get("x-hub-signature-256")).toBe(
          `sha256=${createHmac("sha256", Buffer.from(appSecret, "utf8")).update(bytes).digest("hex")}`,
        );
        const value = JSON.parse(body).entry[0].changes[0].value;
        expect(value.messages[0].text.body).toBe(text);
        expect(value.contacts[0].profile.name).toBe(name);
        expect(JSON.stringify(webhooks.deliveries)).not.toContain(
          headers.get("x-360dialog-signature"),
        );
      },
    ),
    { numRuns: 100 },
  );
});
