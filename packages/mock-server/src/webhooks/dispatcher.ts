import type { WebhookStatusName } from "@d360-messaging/types";
import type { MessageEvents, SentMessage } from "../messages/events.js";
import { waId } from "../messages/ids.js";
import { randomBytes, toHex } from "../simulator/bytes.js";
import type { WebhookDelivery, WebhookOutcome } from "./deliveries.js";
import {
  type MockWebhookOptions,
  type ResolvedWebhookOptions,
  resolveWebhookOptions,
} from "./options.js";
import { type InboundMessage, inboundPayload, statusObject, statusPayload } from "./payloads.js";
import { type SendContext, sendWebhook, wait } from "./send.js";

/** How many delivery attempts `deliveries` keeps: the newest, the oldest dropped first. */
export const MAX_RECORDED_DELIVERIES = 1000;

/**
 * The mock's webhook sender, `webhooks` of a mock handler or server: for each message accepted on
 * `POST /messages` it sends signed `sent`, `delivered`, `read` statuses (or one `failed` for an
 * unreachable recipient), and `inbound` sends an incoming message, each redelivered with backoff
 * until a 2xx answer or the retry limit.
 */
export interface MockWebhooks {
  /** Whether the `webhooks` option was given; without it nothing is sent and `inbound` rejects. */
  readonly configured: boolean;
  /**
   * Every delivery attempt, oldest first (the newest 1000): url, event, message id, attempt
   * number, status code or error, time. No signature or header value. Cleared by `reset()`.
   */
  readonly deliveries: readonly WebhookDelivery[];
  /**
   * Send an incoming message from a WhatsApp user, as Meta would. Resolves once it was
   * delivered or given up (after the retries), with how it ended; the message id is `messageId`.
   * @throws {TypeError} (as a rejection) without the `webhooks` option, or for a message without
   * `from` and a `text` or `message`
   * @example
   * const { ok, messageId } = await mock.webhooks.inbound({ from: "16505551234", text: "Hi" });
   */
  inbound(message: InboundMessage): Promise<WebhookOutcome>;
  /**
   * Make a recipient unreachable (messages to it get a `failed` status, error 131026) or, with
   * `false`, reachable again. Numbers compare by their digits.
   */
  setUnreachable(phone: string, unreachable?: boolean): void;
  /** Whether messages to `phone` fail. */
  isUnreachable(phone: string): boolean;
  /**
   * Resolves once nothing is pending: every status sequence and delivery (retries included) has
   * ended. With fake timers, advance them instead (`vi.runAllTimersAsync()`).
   */
  idle(): Promise<void>;
  /** Cancel everything pending, clear `deliveries`, restore the `unreachable` option. */
  reset(): void;
  /** Cancel everything pending and send nothing more (the server's `close()` calls it). */
  stop(): void;
}

const NOT_CONFIGURED =
  "mock.webhooks needs the webhooks option, e.g. startMockServer({ webhooks: { url, secret } })";

/**
 * The webhook sender of one mock handler: listens to `events` when `options` is given.
 * @param now - the mock's clock (its `now` option), for timestamps and the delivery log
 */
export function createMockWebhooks(
  options: MockWebhookOptions | undefined,
  events: MessageEvents,
  now: () => number = () => Date.now(),
): MockWebhooks {
  const resolved = options === undefined ? undefined : resolveWebhookOptions(options);
  return new Dispatcher(resolved, events, now);
}

class Dispatcher implements MockWebhooks {
  readonly configured: boolean;
  readonly deliveries: WebhookDelivery[] = [];
  readonly #options: ResolvedWebhookOptions | undefined;
  readonly #now: () => number;
  readonly #unreachable = new Set<string>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #conversations = new Map<string, string>();
  #stop = new AbortController();
  #unsubscribe: (() => void) | undefined;

  constructor(
    options: ResolvedWebhookOptions | undefined,
    events: MessageEvents,
    now: () => number,
  ) {
    this.configured = options !== undefined;
    this.#options = options;
    this.#now = now;
    this.#restoreUnreachable();
    if (options !== undefined) {
      this.#unsubscribe = events.on((message) => {
        this.#track(this.#statuses(options, message));
      });
    }
  }

  // async: a bad message or a missing option is a rejection, never a synchronous throw.
  async inbound(message: InboundMessage): Promise<WebhookOutcome> {
    const options = this.#options;
    if (options === undefined) throw new TypeError(NOT_CONFIGURED);
    const built = inboundPayload(options.business, message, this.#now());
    return this.#track(
      sendWebhook(this.#context(options), "message", built.id, JSON.stringify(built.payload)),
    );
  }

  setUnreachable(phone: string, unreachable = true): void {
    if (typeof phone !== "string" || waId(phone) === "") {
      throw new TypeError("setUnreachable needs a phone number (digits)");
    }
    if (unreachable) this.#unreachable.add(waId(phone));
    else this.#unreachable.delete(waId(phone));
  }

  isUnreachable(phone: string): boolean {
    return this.#unreachable.has(waId(phone));
  }

  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  reset(): void {
    this.#stop.abort();
    this.#stop = new AbortController();
    this.deliveries.length = 0;
    this.#conversations.clear();
    this.#restoreUnreachable();
  }

  stop(): void {
    this.#stop.abort();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #restoreUnreachable(): void {
    this.#unreachable.clear();
    for (const phone of this.#options?.unreachable ?? []) this.#unreachable.add(waId(phone));
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const done = () => this.#pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  #context(options: ResolvedWebhookOptions): SendContext {
    return {
      options,
      now: this.#now,
      stopped: this.#stop.signal,
      record: (delivery) => {
        this.deliveries.push(delivery);
        if (this.deliveries.length > MAX_RECORDED_DELIVERIES) this.deliveries.shift();
      },
    };
  }

  // One message's statuses, in order: each is sent once the previous one's delivery ended
  // (delivered or given up), after its delay, so a receiver sees them in order even when one was
  // retried. Meta does not promise that order; a test of a receiver's out-of-order handling can
  // send its own with `inbound`-style payloads.
  async #statuses(options: ResolvedWebhookOptions, message: SentMessage): Promise<void> {
    const context = this.#context(options);
    const steps: [WebhookStatusName, number][] = this.isUnreachable(message.to)
      ? [["failed", options.delays.sent]]
      : [
          ["sent", options.delays.sent],
          ["delivered", options.delays.delivered],
          ["read", options.delays.read],
        ];
    const template = isTemplate(message.body);
    for (const [status, delay] of steps) {
      if (!(await wait(options.scheduler, delay, context.stopped))) return;
      const object = statusObject({
        messageId: message.id,
        status,
        recipient: message.to,
        at: this.#now(),
        bizOpaqueCallbackData: message.bizOpaqueCallbackData,
        template,
        conversationId: this.#conversationOf(message.to),
      });
      const body = JSON.stringify(statusPayload(options.business, object));
      await sendWebhook(context, status, message.id, body);
    }
  }

  #conversationOf(phone: string): string {
    const key = waId(phone);
    let id = this.#conversations.get(key);
    if (id === undefined) {
      id = toHex(randomBytes(16));
      this.#conversations.set(key, id);
    }
    return id;
  }
}

function isTemplate(body: unknown): boolean {
  return (
    typeof body === "object" && body !== null && (body as { type?: unknown }).type === "template"
  );
}
