// Hand-written behaviour of `send-message` (POST /messages): the argument is a message (Meta's
// `Message` schema: text, media by id or link, template, interactive, reaction, location,
// contacts, with `context` and `recipient_type`), and the result is checked to carry the new
// message's ID, so a caller reads `messages[0].id` without optional chaining. Read receipts go
// through `client.messages.markAsRead` (src/extensions/tags/messages.ts), which has its own
// result.
import type { components } from "@d360-messaging/types";
import { defineExtension, type Extension } from "../operation/extension.js";

/**
 * A message to send: Meta's `Message` schema, one member per `type` (`"text"`, `"image"`,
 * `"audio"`, `"video"`, `"document"`, `"sticker"`, `"location"`, `"contacts"`,
 * `"interactive"`, `"template"`, `"reaction"`).
 */
export type OutgoingMessage = components["schemas"]["Message"];

/** Options of {@link MessagesApi.sendMessage}. */
export interface SendMessageOptions {
  /**
   * Cancels the call; it then rejects with the signal's reason. Sending is not idempotent, so
   * the client does not retry it after a request went out (unless `retry.retryNonIdempotent`).
   * @default none
   * @example
   * ```ts
   * { signal: AbortSignal.timeout(5_000) }
   * ```
   */
  signal?: AbortSignal;
}

/** What `POST /messages` answers for a sent message. */
export interface SendMessageResult {
  /** Always `"whatsapp"`. */
  messaging_product: string;
  /** The recipient as you wrote it (`input`) and their WhatsApp ID (`wa_id`); empty for a group. */
  contacts: { input: string; wa_id: string }[];
  /** The new message: its ID (`wamid.…`), and for a marketing template whether it was accepted or paused. */
  messages: { id: string; message_status?: components["schemas"]["MessageStatus"] }[];
}

/**
 * Send a message (`POST /messages`): a text, a media file by ID or link, a template, an
 * interactive message, a reaction, a location or contacts, optionally as a reply (`context`).
 * Resolves with the new message's ID in `messages[0].id`.
 *
 * @param message - the message, typed by Meta's `Message` schema
 * @throws {ApiError} on an error status (after retries) or an answer without a message ID
 * @throws {TimeoutError} when `timeout` or `totalTimeout` ran out
 * @throws {NetworkError} when no response arrived
 * @example
 * ```ts
 * const sent = await client.messages.sendMessage({
 *   messaging_product: "whatsapp",
 *   to: "15551234567",
 *   type: "template",
 *   template: { name: "hello_world", language: { code: "en_US" } },
 * });
 * console.log(sent.messages[0]?.id); // "wamid.…"
 * ```
 */
export default defineExtension(
  "send-message",
  (call) =>
    async (message: OutgoingMessage, { signal }: SendMessageOptions = {}) => ({
      // `contacts` is left out for a group; the rest is checked by `accept`.
      contacts: [],
      ...(await call({
        body: message,
        signal,
        accept: (b) => typeof b.messages?.[0]?.id === "string",
        expected: "messages[0].id",
      })),
    }),
) as Extension<
  "send-message",
  (message: OutgoingMessage, options?: SendMessageOptions) => Promise<SendMessageResult>
>;
// The type is written out (`as`): JSR refuses an inferred type on an export (no "slow types").
