// Hand-written methods of the `messages` namespace beside its operations: `markAsRead`, a
// `POST /messages` whose body and answer differ from a message's (Meta's `MarkAsReadRequest`).
import type { MarkAsReadOptions } from "../../media/types.js";
import type { TagContext } from "../../operation/extension.js";

/** The methods {@link MessagesApi} has beside its operations. */
export interface MessagesMethods {
  /**
   * Mark an incoming message (and the earlier ones of the conversation) as read: `POST /messages`
   * with `{"messaging_product": "whatsapp", "status": "read", "message_id": …}`, and
   * `typing_indicator: {"type": "text"}` with `typingIndicator`
   * (https://developers.facebook.com/docs/whatsapp/cloud-api/typing-indicators).
   *
   * @param messageId - the incoming message's ID (`wamid.…`, from the webhook)
   * @throws {ApiError} on an error status (after retries) or an answer other than `{"success": true}`
   * @throws {TimeoutError} when `timeout` or `totalTimeout` ran out
   * @throws {NetworkError} when no response arrived
   * @example
   * ```ts
   * await client.messages.markAsRead(incoming.id, { typingIndicator: true });
   * ```
   */
  markAsRead(
    messageId: string,
    options?: MarkAsReadOptions,
  ): Promise<{
    /** Always `true`: anything else is an `ApiError`. */
    success: true;
  }>;
}

// Loaded on first use (size budget, see src/media/lazy.ts).
export default function messages(context: TagContext): MessagesMethods {
  return {
    markAsRead: async (messageId, options) =>
      (await import("../../media/lazy.js")).markAsRead(context, messageId, options),
  };
}
