import type {
  WebhookContact,
  WebhookIncomingMessage,
  WebhookPayload,
  WebhookStatus,
  WebhookStatusName,
} from "@d360-messaging/types";
import { newMessageId, waId } from "../messages/ids.js";
import type { ResolvedWebhookOptions } from "./options.js";

// The shapes follow Meta's documents: the envelope and the incoming text message as in the
// examples of Meta's Cloud API document (spec/meta/business-messaging-api_v23.0.yaml, "Text
// Message"), the statuses as in Meta's "Status messages webhook reference"
// (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status/):
// `id`, `status`, `timestamp` (Unix seconds, a string), `recipient_id`, `conversation` and
// `pricing` on sent/delivered/read, `errors` on failed, and `biz_opaque_callback_data` echoed from
// the sent message.

/** A status webhook's status object as the mock sends it (Meta's, with the fields it echoes). */
export type MockStatus = WebhookStatus & {
  /** Echoed from the message's `biz_opaque_callback_data`. */
  biz_opaque_callback_data?: string;
  /** Per-message pricing (Meta): `pricing.type` is not in Meta's schema yet. */
  pricing?: WebhookStatus["pricing"] & {
    /** `"regular"`, `"free_customer_service"`, … (per-message pricing). */
    type?: string;
  };
};

/** A status error as Meta sends it in `statuses[].errors`. */
export interface MockStatusError {
  /** Meta's error code. */
  readonly code: number;
  /** Its title. */
  readonly title: string;
  /** Its message (the same text, in current payloads). */
  readonly message: string;
  /** More detail. */
  readonly error_data: {
    /** What happened, in a sentence. */
    readonly details: string;
  };
}

/**
 * Meta's error for a recipient that cannot be reached: code 131026, "Message undeliverable"
 * (Cloud API error codes: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
 */
export const UNDELIVERABLE_ERROR: MockStatusError = {
  code: 131026,
  title: "Message undeliverable",
  message: "Message undeliverable",
  error_data: { details: "Message Undeliverable." },
};

/** The parts of a status the dispatcher knows. */
export interface StatusFacts {
  messageId: string;
  status: WebhookStatusName;
  recipient: string;
  at: number;
  bizOpaqueCallbackData: string | undefined;
  /** Whether the message was a template (billed) or a free-form reply in the service window. */
  template: boolean;
  /** The conversation's id, one per recipient. */
  conversationId: string;
}

/** Unix seconds as Meta writes them: a string. */
export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

/** The status object for one status of one message. */
export function statusObject(facts: StatusFacts): MockStatus {
  const status: MockStatus = {
    id: facts.messageId,
    status: facts.status,
    timestamp: unixSeconds(facts.at),
    recipient_id: waId(facts.recipient),
  };
  if (facts.status === "failed") {
    status.errors = [{ ...UNDELIVERABLE_ERROR, error_data: { ...UNDELIVERABLE_ERROR.error_data } }];
  } else {
    status.conversation = {
      id: facts.conversationId,
      // Meta sends the expiration with the `sent` status only: 24 hours after it.
      ...(facts.status === "sent"
        ? { expiration_timestamp: unixSeconds(facts.at + 24 * 60 * 60 * 1000) }
        : {}),
      origin: { type: facts.template ? "marketing" : "service" },
    };
    // Per-message pricing (PMP): service replies are free, templates billed. Unconfirmed detail:
    // the mock does not know a template's category and calls every template "marketing".
    status.pricing = facts.template
      ? { billable: true, pricing_model: "PMP", category: "marketing", type: "regular" }
      : {
          billable: false,
          pricing_model: "PMP",
          category: "service",
          type: "free_customer_service",
        };
  }
  if (facts.bizOpaqueCallbackData !== undefined) {
    status.biz_opaque_callback_data = facts.bizOpaqueCallbackData;
  }
  return status;
}

/** Wrap one `messages` value in Meta's envelope. */
function envelope(
  business: ResolvedWebhookOptions["business"],
  value: Record<string, unknown>,
): WebhookPayload {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: business.accountId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: business.displayPhoneNumber,
                phone_number_id: business.phoneNumberId,
              },
              ...value,
            } as WebhookPayload["entry"][number]["changes"][number]["value"],
          },
        ],
      },
    ],
  };
}

/** A status webhook for one status. */
export function statusPayload(
  business: ResolvedWebhookOptions["business"],
  status: MockStatus,
): WebhookPayload {
  return envelope(business, { statuses: [status] });
}

/** What `inbound` sends: an incoming message from a WhatsApp user. */
export interface InboundMessage {
  /**
   * The user's number (its digits become `from` and `wa_id`).
   * @example "16505551234"
   */
  from: string;
  /** A text message's body; or give a whole `message`. */
  text?: string;
  /**
   * The user's profile name, in `contacts[0].profile.name`.
   * @default "Mock User"
   */
  name?: string;
  /**
   * A message object of your own (any of Meta's types), merged over the generated `from`, `id`,
   * `timestamp`; `text` is ignored when it is given.
   * @example { type: "image", image: { id: "1234", mime_type: "image/jpeg", sha256: "…" } }
   */
  message?: Partial<WebhookIncomingMessage> & Record<string, unknown>;
  /**
   * The message's `wamid.` id.
   * @default a fresh random one
   */
  id?: string;
}

/** An incoming-message webhook, and the message id it carries. */
export function inboundPayload(
  business: ResolvedWebhookOptions["business"],
  inbound: InboundMessage,
  at: number,
): { id: string; payload: WebhookPayload } {
  if (typeof inbound !== "object" || inbound === null || typeof inbound.from !== "string") {
    throw new TypeError('inbound needs at least { from: "<phone number>", text: "…" }');
  }
  if (inbound.message === undefined && typeof inbound.text !== "string") {
    throw new TypeError("inbound needs a text, or a whole message object");
  }
  const from = waId(inbound.from);
  if (from === "") throw new TypeError("inbound's from must be a phone number (digits)");
  const contact: WebhookContact = { profile: { name: inbound.name ?? "Mock User" }, wa_id: from };
  const base = { from, id: inbound.id ?? newMessageId(), timestamp: unixSeconds(at) };
  const message =
    inbound.message !== undefined
      ? { ...base, ...inbound.message }
      : { ...base, type: "text", text: { body: inbound.text } };
  return {
    id: String(message.id),
    payload: envelope(business, { contacts: [contact], messages: [message] }),
  };
}
