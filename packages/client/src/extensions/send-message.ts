// Hand-written behaviour of `send-message` (POST /messages): the argument is a message (Meta's
// `Message` schema: text, media by id or link, template, interactive, reaction, location,
// contacts, with `context` and `recipient_type`), and the result is checked to carry the new
// message's ID, so a caller reads `messages[0].id` without optional chaining. Read receipts go
// through `client.messages.markAsRead` (src/extensions/tags/messages.ts), which has its own
// result.
import type { operations } from "@d360-messaging/types";
import { isD360Error } from "../errors/D360Error.js";
import { OutcomeUnknownError } from "../errors/OutcomeUnknownError.js";
import { defineExtension, type Extension } from "../operation/extension.js";
import type { OperationBody } from "../operation/types.js";
import { maybeProcessed } from "../retry/send-failure.js";

/**
 * A message to send: the body of `POST /messages` less the read receipt (which
 * `client.messages.markAsRead` sends). With Meta's document that is its `Message` schema, one
 * member per `type` (`"text"`, `"image"`, `"audio"`, `"video"`, `"document"`, `"sticker"`,
 * `"location"`, `"contacts"`, `"interactive"`, `"template"`, `"reaction"`). `type` may be left
 * out, as Meta's message object allows (it defaults to `"text"`) and several of Meta's examples
 * do (spec/projection-overlays/30-meta-message-object.yaml); the generated type makes it
 * required because the schema's discriminator is `type`. Derived from the operation rather
 * than a schema name, so a vendor document that takes the operation over keeps it typed.
 */
export type OutgoingMessage =
  Exclude<
    OperationBody<operations["send-message"]>,
    {
      /** A read receipt's status, `"read"`: sent by `markAsRead`, not here. */
      status: "read";
    }
  > extends infer M
    ? M extends {
        /** The member's message type. */
        type: infer T;
      }
      ? Omit<M, "type"> & {
          /** The message type (`"text"` when left out). */
          type?: T;
        }
      : M
    : never;

/** Options of {@link MessagesApi.sendMessage}. */
export interface SendMessageOptions {
  /**
   * Cancels the call; it then rejects with the signal's reason. Sending is not idempotent, so
   * the client sends it again only when the failure proves it was not processed (no connection,
   * a rate-limit refusal), unless `retry.retryNonIdempotent`.
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
  contacts: {
    /** The recipient as you wrote it in `to`. */
    input: string;
    /** The recipient's WhatsApp ID. */
    wa_id: string;
  }[];
  /**
   * The new message: its ID (`wamid.…`), and for a template whether it was accepted, held for
   * quality assessment or paused (Meta's `message_status`).
   */
  messages: {
    /** The message's ID, `wamid.…`, which the status webhooks refer to. */
    id: string;
    /** For a template: `"accepted"`, `"held_for_quality_assessment"` or `"paused"`. */
    message_status?: "accepted" | "held_for_quality_assessment" | "paused";
  }[];
}

/**
 * Send a message (`POST /messages`): a text, a media file by ID or link, a template, an
 * interactive message, a reaction, a location or contacts, optionally as a reply (`context`).
 * Resolves with the new message's ID in `messages[0].id`.
 *
 * @param message - the message, typed by Meta's `Message` schema
 * @throws {OutcomeUnknownError} when the message may have gone out but no answer said so (it is
 *   never sent again: a status webhook with its `biz_opaque_callback_data` tells)
 * @throws {ApiError} on an error status (after retries)
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
    async (message: OutgoingMessage, { signal }: SendMessageOptions = {}) => {
      try {
        return {
          // `contacts` is left out for a group; the rest is checked by `accept`.
          contacts: [],
          ...(await call({
            // `type` optional (see OutgoingMessage): the API reads its absence as "text".
            body: message as OperationBody<operations["send-message"]>,
            signal,
            accept: (b) => typeof b.messages?.[0]?.id === "string",
            expected: "messages[0].id",
          })),
        };
      } catch (error) {
        // A failure that may have come after the API processed the message (a reset or timeout
        // after the body went out, a 5xx, an unreadable answer) says so, with the message's key
        // (retry/send-failure.ts). A read receipt (markAsRead) is not a message and keeps its
        // failures as they are.
        throw isD360Error(error) && maybeProcessed(error)
          ? new OutcomeUnknownError(error, message)
          : error;
      }
    },
) as Extension<
  "send-message",
  (message: OutgoingMessage, options?: SendMessageOptions) => Promise<SendMessageResult>
>;
// The type is written out (`as`): JSR refuses an inferred type on an export (no "slow types").
