// client.messages.sendMessage and markAsRead: over loopback against the mock server (which
// answers POST /messages from the spec and validates the body against Meta's schema), and the
// exact wire of a read receipt against a recording server.
import { startMockServer } from "@d360-messaging/mock-server/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createD360Client } from "../src/index.js";
import { startRecorder } from "./support/recorder.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

afterAll(() => expectNoLeak());

let mock: Awaited<ReturnType<typeof startMockServer>>;
beforeAll(async () => {
  mock = await startMockServer({ apiKeys: [API_KEY] });
});
afterAll(() => mock.close());

describe("messages.sendMessage", () => {
  it("the mock accepts what it sends (Meta's schema) and the answer's message ID and contacts resolve", async () => {
    // The mock validates the body against Meta's schema (a 400 naming the field otherwise); the
    // exact wire and result are checked against a recording server below.
    const client = createD360Client({ apiKey: API_KEY, baseUrl: mock.url });
    await client.messages
      .sendMessage({
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "15551234567",
        type: "template",
        template: { name: "hello_world", language: { code: "en_US" } },
      })
      .catch(() => undefined);
    expect(mock.requests.at(-1)).toMatchObject({ method: "POST", path: "/messages", status: 200 });

    const recorder = await startRecorder();
    try {
      recorder.queue.push({
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          messaging_product: "whatsapp",
          contacts: [{ input: "+1 555 123 4567", wa_id: "15551234567" }],
          messages: [{ id: "wamid.HBgL", message_status: "accepted" }],
        }),
      });
      const sent = await createD360Client({
        apiKey: API_KEY,
        baseUrl: recorder.url,
      }).messages.sendMessage({
        messaging_product: "whatsapp",
        to: "+1 555 123 4567",
        type: "image",
        image: { id: "4490709327384033" },
        context: { message_id: "wamid.IN" },
      });
      expect(sent).toEqual({
        messaging_product: "whatsapp",
        contacts: [{ input: "+1 555 123 4567", wa_id: "15551234567" }],
        messages: [{ id: "wamid.HBgL", message_status: "accepted" }],
      });
      expect(JSON.parse(recorder.requests[0]?.body ?? "")).toEqual({
        messaging_product: "whatsapp",
        to: "+1 555 123 4567",
        type: "image",
        image: { id: "4490709327384033" },
        context: { message_id: "wamid.IN" },
      });
    } finally {
      await recorder.close();
    }
  });

  it("the mock refuses a body Meta's schema does not allow, with a 400 the client reports", async () => {
    const client = createD360Client({ apiKey: API_KEY, baseUrl: mock.url });
    const error = await caught(
      client.messages.sendMessage({
        messaging_product: "whatsapp",
        to: "15551234567",
        type: "template",
        // @ts-expect-error a template needs a name (the runtime check is the mock's)
        template: { language: { code: "en_US" } },
      }),
    );
    expect(error).toMatchObject({ name: "ApiError", status: 400 });
  });

  it("an answer without a message ID is never a result with a hole: the outcome is unknown (it may have been sent)", async () => {
    const client = createD360Client({
      apiKey: API_KEY,
      retry: false,
      fetch: async () => Response.json({ messaging_product: "whatsapp", contacts: [] }),
    });
    const error = await caught(
      client.messages.sendMessage({
        messaging_product: "whatsapp",
        to: "15551234567",
        type: "text",
        text: { body: "hi" },
      }),
    );
    // A 200 whose body cannot be read may come after the API accepted the message (issue 23):
    // an OutcomeUnknownError, with the ApiError that says what was missing as its cause.
    expect(error).toMatchObject({
      name: "OutcomeUnknownError",
      kind: "outcome_unknown",
      cause: { name: "ApiError", kind: "unexpected_body", status: 200 },
    });
    expect(error.message).toContain("messages[0].id");
  });

  it("a group message without contacts resolves contacts as []", async () => {
    const client = createD360Client({
      apiKey: API_KEY,
      fetch: async () =>
        Response.json({ messaging_product: "whatsapp", messages: [{ id: "wamid.G" }] }),
    });
    const sent = await client.messages.sendMessage({
      messaging_product: "whatsapp",
      recipient_type: "group",
      to: "120363000000000000",
      type: "text",
      text: { body: "hi all" },
    });
    expect(sent).toEqual({
      messaging_product: "whatsapp",
      contacts: [],
      messages: [{ id: "wamid.G" }],
    });
  });
});

describe("messages.markAsRead", () => {
  it("posts Meta's read receipt, with a typing indicator when asked, and resolves { success: true }", async () => {
    const recorder = await startRecorder();
    try {
      const client = createD360Client({ apiKey: API_KEY, baseUrl: recorder.url });
      for (let i = 0; i < 2; i++) {
        recorder.queue.push({
          status: 200,
          headers: { "content-type": "application/json" },
          body: '{"success":true}',
        });
      }
      await expect(client.messages.markAsRead("wamid.IN1")).resolves.toEqual({ success: true });
      await expect(
        client.messages.markAsRead("wamid.IN2", { typingIndicator: true }),
      ).resolves.toEqual({ success: true });
      expect(recorder.requests.map((r) => [r.method, r.target, JSON.parse(r.body)])).toEqual([
        [
          "POST",
          "/messages",
          { messaging_product: "whatsapp", status: "read", message_id: "wamid.IN1" },
        ],
        [
          "POST",
          "/messages",
          {
            messaging_product: "whatsapp",
            status: "read",
            message_id: "wamid.IN2",
            typing_indicator: { type: "text" },
          },
        ],
      ]);
      expect(recorder.requests[0]?.headers["content-type"]).toBe("application/json");
      // An answer other than {"success": true} is not a confirmation.
      recorder.queue.push({ status: 200, body: '{"success":false}' });
      const error = await caught(client.messages.markAsRead("wamid.IN3"));
      expect(error).toMatchObject({ name: "ApiError", kind: "unexpected_body" });
    } finally {
      await recorder.close();
    }
  });
});
