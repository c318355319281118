/** What a webhook was about: a status of a sent message, or an incoming message. */
export type WebhookEventKind = "sent" | "delivered" | "read" | "failed" | "message";

/**
 * One attempt at delivering one webhook, as `webhooks.deliveries` lists it. It carries no
 * secret: neither the signatures nor the custom headers' values.
 */
export interface WebhookDelivery {
  /** Where it was sent. */
  url: string;
  /** What it was about. */
  event: WebhookEventKind;
  /** The message it was about (a status's message, or the incoming message). */
  messageId: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** When the attempt was made (ms since the epoch, the mock's clock). */
  at: number;
  /** The receiver's status code; absent when no answer came (see `error`). */
  status?: number;
  /** Why no answer came: `"timeout"` or `"connection"` (refused, reset, DNS, …). */
  error?: "timeout" | "connection";
  /** Whether the attempt succeeded (a 2xx answer). */
  ok: boolean;
  /** Whether another attempt follows (the attempt failed and the retry limit is not reached). */
  willRetry: boolean;
}

/** How one webhook ended, once it was delivered or given up. */
export interface WebhookOutcome {
  /** The message it was about. */
  messageId: string;
  /** What it was about. */
  event: WebhookEventKind;
  /** Whether some attempt got a 2xx answer. */
  ok: boolean;
  /** How many attempts were made. */
  attempts: number;
  /** The body as sent (the exact bytes signed). */
  body: string;
}
