import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createWebhookHandler, type WebhookEvent } from "../src/index.js";
import { APP_SECRET, CAPTURED, META_EXAMPLES, recorder, signedMeta } from "./helpers.js";

type Value = Record<string, unknown>;
const LISTS = ["messages", "statuses", "groups", "errors"];

/** Every item of every list of every change: what must come out as events. */
function items(body: unknown): { value: Value; list: string; item: unknown }[] {
  const out: { value: Value; list: string; item: unknown }[] = [];
  for (const entry of (body as { entry: { changes: { value: Value }[] }[] }).entry) {
    for (const { value } of entry.changes) {
      for (const list of LISTS) {
        for (const item of (value[list] as unknown[] | undefined) ?? [])
          out.push({ value, list, item });
      }
    }
  }
  return out;
}

function itemOf(event: WebhookEvent): unknown {
  switch (event.kind) {
    case "message":
      return event.message;
    case "status":
      return event.statusUpdate;
    case "group":
      return event.group;
    case "error":
      return event.error;
    case "unknown":
      return event.item;
  }
}

describe("Meta's example payloads", () => {
  it("has all 16 examples", () => {
    expect(Object.keys(META_EXAMPLES)).toHaveLength(16);
  });

  for (const [name, example] of Object.entries(META_EXAMPLES)) {
    it(`${name}: every item becomes a typed event, nothing dropped`, async () => {
      const rec = recorder();
      const handler = createWebhookHandler({ appSecret: APP_SECRET, ...rec });
      const response = await handler(signedMeta(JSON.stringify(example)));
      expect(response.status).toBe(200);
      expect(rec.failures).toEqual([]);
      const expected = items(example);
      expect(expected.length).toBeGreaterThan(0);
      expect(rec.events).toHaveLength(expected.length);
      rec.events.forEach((event, i) => {
        const { value, item } = expected[i] as { value: Value; item: unknown };
        // A known kind for every one of Meta's own examples, carrying the raw value and item.
        expect(event.kind).not.toBe("unknown");
        expect(event.value).toEqual(value);
        expect(itemOf(event)).toEqual(item);
        const metadata = value.metadata as {
          phone_number_id: string;
          display_phone_number: string;
        };
        expect(event.phoneNumberId).toBe(metadata.phone_number_id);
        expect(event.displayPhoneNumber).toBe(metadata.display_phone_number);
        if (event.kind === "message" && event.type !== "system") {
          expect(event.contact).toEqual((value.contacts as unknown[])[0]);
        }
        if (event.kind === "message") expect(event.type).toBe((item as { type: string }).type);
      });
    });
  }
});

describe("the captured, really signed webhook", () => {
  /** `body` POSTed with the captured header as it came, not a signature made here. */
  const captured = (body: string) =>
    new Request("http://localhost/webhook", {
      method: "POST",
      headers: { "x-hub-signature-256": CAPTURED.header },
      body,
    });

  it("its signature is the HMAC-SHA256 of the raw body (node:crypto)", () => {
    const digest = createHmac("sha256", CAPTURED.appSecret).update(CAPTURED.rawBody).digest("hex");
    expect(CAPTURED.header).toBe(`sha256=${digest}`);
  });

  it("verifies with its app secret and parses into a text message with its contact", async () => {
    const rec = recorder();
    const handler = createWebhookHandler({ appSecret: CAPTURED.appSecret, ...rec });
    const response = await handler(captured(CAPTURED.rawBody));
    expect(response.status).toBe(200);
    const body = JSON.parse(CAPTURED.rawBody);
    expect(rec.events).toHaveLength(items(body).length);
    const [event] = rec.events;
    expect(event?.kind).toBe("message");
    if (event?.kind !== "message" || event.type !== "text") throw new Error("not a text message");
    expect(event.message.text.body).toBe("Hey there! I am using PyWa.");
    expect(event.contact?.profile.name).toBe("PyWa Tests");
    expect(event.phoneNumberId).toBe("277321005464405");
    expect(event.key).toBe(`message:${event.message.id}`);
  });

  it("one changed byte of the body is refused with 401", async () => {
    const rec = recorder();
    const handler = createWebhookHandler({ appSecret: CAPTURED.appSecret, ...rec });
    const response = await handler(captured(CAPTURED.rawBody.replace("PyWa.", "PyWa!")));
    expect(response.status).toBe(401);
    expect(rec.events).toEqual([]);
    expect(rec.failures.map((f) => f.code)).toEqual(["invalid-signature"]);
  });
});

describe("kinds this version does not know", () => {
  it("arrive as unknown events, never dropped and never an error", async () => {
    const rec = recorder();
    const handler = createWebhookHandler({ appSecret: APP_SECRET, ...rec });
    const value = {
      messaging_product: "whatsapp",
      metadata: { phone_number_id: "1", display_phone_number: "2" },
    };
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "9",
          changes: [
            {
              field: "message_template_status_update",
              value: { event: "APPROVED", message_template_id: 1 },
            },
            {
              field: "messages",
              value: {
                ...value,
                messages: [{ id: "wamid.X", from: "1", timestamp: "1", type: "edit", edit: {} }],
              },
            },
            {
              field: "messages",
              value: {
                ...value,
                statuses: [{ id: "wamid.Y", status: "playing", timestamp: "1", recipient_id: "1" }],
              },
            },
          ],
        },
      ],
    });
    expect((await handler(signedMeta(body))).status).toBe(200);
    expect(rec.failures).toEqual([]);
    expect(rec.events.map((e) => [e.kind, e.field, e.kind === "unknown" ? e.list : ""])).toEqual([
      ["unknown", "message_template_status_update", undefined],
      ["unknown", "messages", "messages"],
      ["unknown", "messages", "statuses"],
    ]);
    // Keyed where an id is known, so redeliveries of an unknown message are skipped too.
    expect(rec.events.map((e) => e.key)).toEqual([
      undefined,
      "message:wamid.X",
      "status:wamid.Y:playing",
    ]);
  });
});
