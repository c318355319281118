// `client.messages.markAsRead` (declared in src/extensions/tags/messages.ts, loaded on first use).
import type { MarkAsReadOptions } from "../extensions/tags/messages.js";
import type { Caller, OperationSpec } from "../operation/call.js";

/**
 * `POST /messages` with Meta's `MarkAsReadRequest`; with `typingIndicator`, also
 * `typing_indicator: {"type": "text"}` (https://developers.facebook.com/docs/whatsapp/cloud-api/typing-indicators).
 */
export async function markAsRead(
  { call, send }: { call: Caller; send: OperationSpec },
  messageId: string,
  { typingIndicator = false, signal }: MarkAsReadOptions = {},
): Promise<{ success: true }> {
  await call(send, {
    body: {
      messaging_product: "whatsapp",
      status: "read",
      message_id: messageId,
      ...(typingIndicator ? { typing_indicator: { type: "text" } } : {}),
    },
    signal,
    accept: (body: { success?: unknown }) => body.success === true,
    expected: '{"success": true}',
  });
  return { success: true };
}
