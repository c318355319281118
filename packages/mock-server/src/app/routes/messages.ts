import type { Context } from "hono";
import { ConnectionDroppedError, jsonResponse } from "../../errors.js";
import { mediaType } from "../../form.js";
import type { SentMessage } from "../../messages/events.js";
import { newMessageId, waId } from "../../messages/ids.js";
import { GRAPH_ERRORS, graphError, invalidParameter } from "../../vendor.js";
import type { MockEnv, MockState } from "../env.js";
import { answeringSpecErrors, discriminatedCheck, jsonBodyCheck } from "./spec-body.js";
import type { HandWrittenTag } from "./table.js";

/** The path of Meta's send-message operation. */
export const MESSAGES_PATH = "/messages";

/**
 * The Messages tag, hand-written: `send-message` validates the body against the spec's schema
 * (Meta's `Message` or `MarkAsReadRequest`), enforces the channel's throughput and the pair rate
 * limit, records the message (`handler.messages`), tells the message events' listeners, and
 * answers as Meta documents (Meta, "Send messages",
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages):
 * `{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}], "messages": [{"id"}]}`.
 * Marking a message as read (`"status": "read"`) answers `{"success": true}`.
 */
export const messages: HandWrittenTag = {
  tag: "Messages",
  routes: (state, spec) => {
    const whole = jsonBodyCheck(spec, MESSAGES_PATH, "post");
    // For a specific error: the branch of the body's kind, its `type` followed to its schema.
    const message = discriminatedCheck(spec, "#/components/schemas/Message");
    const markAsRead = discriminatedCheck(spec, "#/components/schemas/MarkAsReadRequest");
    const check: Check =
      whole &&
      ((value) => {
        const error = whole(value);
        if (error === undefined) return undefined;
        const branch = (value as { status?: unknown }).status === undefined ? message : markAsRead;
        return branch?.(value) ?? error;
      });
    return [
      {
        method: "POST",
        path: MESSAGES_PATH,
        operationId: "send-message",
        authenticated: true,
        handle: answeringSpecErrors((c) => send(c, state, check)),
      },
    ];
  },
};

type Check = ((value: unknown) => string | undefined) | undefined;

async function send(c: Context<MockEnv>, state: MockState, check: Check): Promise<Response> {
  const type = mediaType(c.req);
  if (type !== "application/json") {
    return invalidParameter("Send the message as JSON (Content-Type: application/json)");
  }
  let body: unknown;
  try {
    body = JSON.parse(c.var.record.body);
  } catch {
    return invalidParameter("The request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalidParameter("The request body must be a JSON object");
  }
  const fields = body as Record<string, unknown>;
  const error = check?.(body);
  if (error) return invalidParameter(`Invalid message: ${error.slice(0, 300)}`);
  if (fields.messaging_product !== "whatsapp") {
    return invalidParameter('messaging_product must be "whatsapp"');
  }
  if (fields.status === "read") {
    if (typeof fields.message_id !== "string" || fields.message_id === "") {
      return invalidParameter("message_id is required to mark a message as read");
    }
    return jsonResponse({ success: true });
  }
  if (typeof fields.to !== "string" || fields.to === "") {
    return invalidParameter("to is required: the recipient's phone number or WhatsApp ID");
  }
  const to = fields.to;
  const { messaging } = state;
  const apiKey = c.var.apiKey;
  const now = messaging.now();
  // A refused message counts against neither limit: the throughput is counted once both let it go.
  if (messaging.throughput && !messaging.throughput.allows(apiKey, now)) {
    return graphError(
      400,
      GRAPH_ERRORS.rateLimit,
      `Cloud API message throughput has been reached: at most ${messaging.throughput.perSecond} messages per second for this number`,
    );
  }
  if (messaging.pairRateLimit && !messaging.pairRateLimit.take(apiKey, to, now)) {
    return graphError(
      400,
      GRAPH_ERRORS.pairRateLimit,
      "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
    );
  }
  messaging.throughput?.add(apiKey, now);
  const message: SentMessage = { id: newMessageId(), to, apiKey, body, at: now };
  if (typeof fields.biz_opaque_callback_data === "string") {
    message.bizOpaqueCallbackData = fields.biz_opaque_callback_data;
  }
  const duplicateOf = messaging.duplicates.note(
    `${apiKey}\u0000${to}\u0000${c.var.record.body}`,
    message.id,
    now,
  );
  if (duplicateOf !== undefined) c.var.record.duplicateOf = duplicateOf;
  messaging.record(message);
  const answer = jsonResponse({
    messaging_product: "whatsapp",
    // wa_id: the number as WhatsApp knows it, digits only (Meta's example: input
    // "+16505551234", wa_id "16505551234").
    contacts: [{ input: to, wa_id: waId(to) }],
    messages: [{ id: message.id }],
  });
  if (!messaging.cutResponses?.next()) return answer;
  c.var.record.cut = true;
  if (messaging.cutResponses.mode === "drop") throw new ConnectionDroppedError();
  return truncated(answer);
}

// The status and the first half of the body, then the body's stream fails.
async function truncated(answer: Response): Promise<Response> {
  const bytes = new Uint8Array(await answer.arrayBuffer());
  const half = bytes.slice(0, Math.floor(bytes.length / 2));
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(half);
        return;
      }
      controller.error(new TypeError("terminated: the mock server cut the response (injected)"));
    },
  });
  const headers = new Headers(answer.headers);
  // Chunked: the Node adapter then sends the status and headers before reading the body (it
  // reads a short body ahead to give it a Content-Length), so the cut comes mid-body.
  headers.set("transfer-encoding", "chunked");
  return new Response(body, { status: answer.status, headers });
}
