import type {
  WebhookContact,
  WebhookErrorObject,
  WebhookGroupEvent,
  WebhookMessage,
  WebhookMessageType,
  WebhookMetadata,
  WebhookStatus,
  WebhookStatusName,
} from "@d360-messaging/types";

// A webhook body is `entry[].changes[].value` (Meta's `WebhookPayload`, in
// @d360-messaging/types); a value holds lists (`messages`, `statuses`, `groups`, `errors`) under
// the business number's `metadata`. A handler wants one thing at a time, so the body is
// flattened into events, each carrying what it needs from around it (the number, the sender's
// contact) and the raw `value` it came from. Meta adds kinds over time: anything this version
// does not know becomes an `unknown` event, never dropped and never an error.

/** What every event carries about where it came from. */
export interface WebhookEventBase {
  /** The WhatsApp Business Account ID (`entry[].id`). */
  wabaId: string;
  /** The subscribed field of the change, e.g. `"messages"`. */
  field: string;
  /** The business number the event is about (`value.metadata`), when the value has one. */
  metadata: WebhookMetadata | undefined;
  /** `metadata.phone_number_id`: the ID to send a reply from. */
  phoneNumberId: string | undefined;
  /** `metadata.display_phone_number`. */
  displayPhoneNumber: string | undefined;
  /** The whole `value` of the change the event came from, as received. */
  value: Readonly<Record<string, unknown>>;
  /**
   * The deduplication key (`message:<id>`, `status:<id>:<status>`, `group:<request_id>:<type>`),
   * or undefined for an event that has none (errors, most unknown kinds): those are handed over
   * every time they arrive.
   */
  key: string | undefined;
}

/** Anything with a `type`. */
export interface Typed<K> {
  /** The discriminator. */
  type: K;
}

/** A status object whose `status` is `S`. */
export type StatusOf<S extends WebhookStatusName> = WebhookStatus & {
  /** The status, narrowed. */
  status: S;
};

/** The message of a given `type`: `MessageOfType<"text">` has `text.body`. */
export type MessageOfType<T extends WebhookMessageType> = WebhookMessage extends infer M
  ? M extends Typed<infer K>
    ? T extends K
      ? M
      : never
    : never
  : never;

/** An incoming message, narrowed by `type`: `if (event.type === "text") event.message.text`. */
export type WebhookMessageEvent = {
  [T in WebhookMessageType]: WebhookEventBase & {
    /** Always `"message"`. */
    kind: "message";
    /** The message's `type`, copied up for narrowing. */
    type: T;
    /** The message as received (`value.messages[i]`). */
    message: MessageOfType<T>;
    /** The sender's profile (`value.contacts`, matched by `wa_id`); system messages have none. */
    contact: WebhookContact | undefined;
  };
}[WebhookMessageType];

/** A status of a message the business sent, narrowed by `status`. */
export type WebhookStatusEvent = {
  [S in WebhookStatusName]: WebhookEventBase & {
    /** Always `"status"`. */
    kind: "status";
    /** The status, copied up for narrowing: `"sent"`, `"delivered"`, `"read"` or `"failed"`. */
    status: S;
    /** The status object as received (`value.statuses[i]`). */
    statusUpdate: StatusOf<S>;
  };
}[WebhookStatusName];

/** A group event: created, deleted, settings changed, participants added or removed. */
export interface WebhookGroupEventEvent extends WebhookEventBase {
  /** Always `"group"`. */
  kind: "group";
  /** The group event's `type`, e.g. `"group_create"`. */
  type: WebhookGroupEvent["type"];
  /** The group event as received (`value.groups[i]`). */
  group: WebhookGroupEvent;
}

/** An error Meta reports in `value.errors` (not about one message: those are failed statuses). */
export interface WebhookErrorEvent extends WebhookEventBase {
  /** Always `"error"`. */
  kind: "error";
  /** The error as received (`value.errors[i]`). */
  error: WebhookErrorObject & Readonly<Record<string, unknown>>;
}

/**
 * Anything this version of the package does not know: a field other than messages and groups
 * (e.g. template status updates), a message `type` or status it has no type for, or a value with
 * none of `messages`, `statuses`, `groups`, `errors`. `item` is the unknown element of a list,
 * or undefined when the whole value is unknown.
 */
export interface WebhookUnknownEvent extends WebhookEventBase {
  /** Always `"unknown"`. */
  kind: "unknown";
  /** Which list the item came from (`"messages"`, `"statuses"`, …), or undefined for a whole value. */
  list: string | undefined;
  /** The unknown item as received, or undefined when the whole `value` is unknown. */
  item: unknown;
}

/** Every event a webhook body can hold; narrow on `kind`. */
export type WebhookEvent =
  | WebhookMessageEvent
  | WebhookStatusEvent
  | WebhookGroupEventEvent
  | WebhookErrorEvent
  | WebhookUnknownEvent;

// The kinds with a type in @d360-messaging/types; the `satisfies` fails the build when a name
// here has no type, and the test "every known message type" checks the other direction.
export const MESSAGE_TYPES: ReadonlySet<string> = new Set([
  "text",
  "reaction",
  "audio",
  "document",
  "image",
  "sticker",
  "video",
  "location",
  "contacts",
  "unsupported",
  "unknown",
  "button",
  "interactive",
  "order",
  "system",
] satisfies WebhookMessageType[]);
const STATUS_NAMES: ReadonlySet<string> = new Set([
  "sent",
  "delivered",
  "read",
  "failed",
] satisfies WebhookStatusName[]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Whether `body` is a WhatsApp webhook body: `object` is `"whatsapp_business_account"`, and
 * `entry` is a list of objects each with a string `id` and a list `changes` of objects with a
 * string `field` and an object `value`. What is inside a value is not checked here: an
 * unexpected value becomes an `unknown` event.
 */
export function isWebhookBody(body: unknown): body is { entry: Json[] } {
  if (!isObject(body) || body.object !== "whatsapp_business_account") return false;
  const entry = body.entry;
  if (!Array.isArray(entry)) return false;
  for (const e of entry) {
    if (!isObject(e) || typeof e.id !== "string" || !Array.isArray(e.changes)) return false;
    for (const change of e.changes) {
      if (!isObject(change) || typeof change.field !== "string" || !isObject(change.value)) {
        return false;
      }
    }
  }
  return true;
}

const KNOWN_LISTS = ["messages", "statuses", "groups", "errors"] as const;

/**
 * The events of a body that passed {@link isWebhookBody}, in order: per change, messages, then
 * statuses, then groups, then errors, then (one per change) an unknown event for any other list.
 */
export function flattenEvents(body: { entry: Json[] }): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (const entry of body.entry) {
    const wabaId = entry.id as string;
    for (const change of entry.changes as Json[]) {
      const field = change.field as string;
      const value = change.value as Json;
      const metadata = isObject(value.metadata)
        ? (value.metadata as unknown as WebhookMetadata)
        : undefined;
      const base = {
        wabaId,
        field,
        metadata,
        phoneNumberId: asString(metadata?.phone_number_id),
        displayPhoneNumber: asString(metadata?.display_phone_number),
        value,
      };
      const unknown = (list: string | undefined, item: unknown, key?: string) =>
        events.push({ ...base, kind: "unknown", list, item, key });
      const contacts = Array.isArray(value.contacts) ? value.contacts.filter(isObject) : [];
      for (const message of listOf(value.messages, "messages", unknown)) {
        const id = asString(message.id);
        const type = asString(message.type);
        const key = id === undefined ? undefined : `message:${id}`;
        if (type === undefined || !MESSAGE_TYPES.has(type)) {
          unknown("messages", message, key);
          continue;
        }
        const from = asString(message.from);
        // contacts[] lists the senders of messages[]; with one of each (the usual case) they
        // belong together even where wa_id differs from `from` (Meta: "a WhatsApp user's ID and
        // phone number may not always match").
        const contact =
          type === "system"
            ? undefined
            : (contacts.find((c) => c.wa_id === from) ??
              (contacts.length === 1 ? contacts[0] : undefined));
        events.push({
          ...base,
          kind: "message",
          type,
          message,
          contact,
          key,
        } as unknown as WebhookMessageEvent);
      }
      for (const status of listOf(value.statuses, "statuses", unknown)) {
        const id = asString(status.id);
        const name = asString(status.status);
        const key = id === undefined || name === undefined ? undefined : `status:${id}:${name}`;
        if (name === undefined || !STATUS_NAMES.has(name)) {
          unknown("statuses", status, key);
          continue;
        }
        events.push({
          ...base,
          kind: "status",
          status: name,
          statusUpdate: status,
          key,
        } as unknown as WebhookStatusEvent);
      }
      for (const group of listOf(value.groups, "groups", unknown)) {
        const request = asString(group.request_id);
        const type = asString(group.type);
        events.push({
          ...base,
          kind: "group",
          type: type as WebhookGroupEvent["type"],
          group: group as unknown as WebhookGroupEvent,
          key:
            request === undefined
              ? undefined
              : `group:${asString(group.group_id) ?? ""}:${request}:${type ?? ""}`,
        });
      }
      for (const error of listOf(value.errors, "errors", unknown)) {
        events.push({
          ...base,
          kind: "error",
          error: error as WebhookErrorEvent["error"],
          key: undefined,
        });
      }
      if (!KNOWN_LISTS.some((list) => value[list] !== undefined)) unknown(undefined, undefined);
    }
  }
  return events;
}

/** The object items of a list; anything else in it becomes an unknown event. */
function listOf(
  list: unknown,
  name: string,
  unknown: (list: string, item: unknown) => void,
): Json[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    unknown(name, list);
    return [];
  }
  const items: Json[] = [];
  for (const item of list) {
    if (isObject(item)) items.push(item);
    else unknown(name, item);
  }
  return items;
}
