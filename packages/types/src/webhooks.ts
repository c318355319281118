/**
 * Readable names for Meta's webhook payload (`WebhookPayload` of Meta's Cloud API document,
 * generated into `generated/webhooks.ts`). Each alias is derived from the generated types, so a
 * new version of the document flows through `pnpm generate` without touching this file.
 */
import type { components } from "./generated/webhooks.js";

/**
 * The body of a WhatsApp Business Platform webhook: `object` is `"whatsapp_business_account"`,
 * and each of `entry[].changes[]` carries one {@link WebhookValue}.
 */
export type WebhookPayload = components["schemas"]["WebhookPayload"];

/** One entry of a webhook payload: a WhatsApp Business Account ID and its changes. */
export type WebhookEntry = components["schemas"]["Entry"];

/** One change of an entry: the subscribed `field` (e.g. `messages`) and its `value`. */
export type WebhookChange = components["schemas"]["Change"];

/** The subscribed field a change belongs to, e.g. `"messages"` or `"group_lifecycle_update"`. */
export type WebhookField = WebhookChange["field"];

/** The `value` of a change: incoming messages, statuses or group events, with `metadata`. */
export type WebhookValue = WebhookChange["value"];

/** The business phone number a change is about: `phone_number_id` and `display_phone_number`. */
export type WebhookMetadata = components["schemas"]["Metadata"];

/** The profile of the user who sent a message: `wa_id` and `profile.name`. */
export type WebhookContact = components["schemas"]["ContactProfile"];

/** An incoming message from a user, discriminated by `type` (`"text"`, `"image"`, …). */
export type WebhookIncomingMessage = components["schemas"]["IncomingMessage"];

/** A system message (e.g. a user changed their number); it arrives without `contacts`. */
export type WebhookSystemMessage = components["schemas"]["SystemMessage"];

/** Any message a webhook delivers: a user's message or a system message. */
export type WebhookMessage = WebhookIncomingMessage | WebhookSystemMessage;

/** The `type` of a {@link WebhookMessage}, e.g. `"text"`, `"interactive"`, `"system"`. */
export type WebhookMessageType = WebhookMessage["type"];

/** A status update of a message the business sent, discriminated by `status`. */
export type WebhookStatus = components["schemas"]["Statuses"];

/** The `status` of a {@link WebhookStatus}: `"sent"`, `"delivered"`, `"read"` or `"failed"`. */
export type WebhookStatusName = WebhookStatus["status"];

/** Why a message failed, one entry of a failed status's `errors`. */
export type WebhookStatusError = components["schemas"]["StatusError"];

/** A group event: created, deleted, settings changed, participants added or removed. */
export type WebhookGroupEvent = components["schemas"]["Groups"];

/** An error object of Meta's webhook payload (`code`, `message`, `type`). */
export type WebhookErrorObject = components["schemas"]["ErrorObject"];
