// `client.messages.markAsRead` (declared in src/extensions/tags/messages.ts, loaded on first use).

import type { TagContext } from "../operation/extension.js";
import { operationAt } from "./operation-at.js";
import type { MarkAsReadOptions } from "./types.js";

/**
 * `POST /messages` with Meta's `MarkAsReadRequest`; with `typingIndicator`, also
 * `typing_indicator: {"type": "text"}` (https://developers.facebook.com/docs/whatsapp/cloud-api/typing-indicators).
 */
export async function markAsRead(
  { call, operations }: TagContext,
  messageId: string,
  { typingIndicator = false, signal }: MarkAsReadOptions = {},
): Promise<{ success: true }> {
  await call(operationAt(operations, "POST", "/messages"), {
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
