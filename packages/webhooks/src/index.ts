/**
 * A WhatsApp webhook receiver for 360dialog and Meta: checks who sent the request (360dialog's
 * `x-360dialog-signature`, Meta's `X-Hub-Signature-256`, or custom headers), reads a bounded
 * body, parses it into typed events, skips redeliveries, and calls your handlers. A fetch handler
 * for Node, Deno, Bun and Cloudflare Workers; `@d360-messaging/webhooks/node` adapts it to
 * Express and Fastify, `@d360-messaging/webhooks/redis` shares deduplication between processes.
 *
 * @packageDocumentation
 */

import { createWebhookHandlerUsing } from "./handler.js";
import { webHmac } from "./hmac.js";
import type { WebhookHandler, WebhookHandlerOptions } from "./options.js";

export type {
  ClaimState,
  DedupeStore,
  MemoryDedupeStore,
  MemoryDedupeStoreOptions,
} from "./dedupe.js";
export { createMemoryDedupeStore, DEFAULT_MAX_ENTRIES } from "./dedupe.js";
export {
  isWebhookBodyConsumedError,
  isWebhookError,
  isWebhookTimeoutError,
  WebhookBodyConsumedError,
  WebhookError,
  WebhookTimeoutError,
} from "./errors.js";
export type {
  MessageOfType,
  StatusOf,
  Typed,
  WebhookErrorEvent,
  WebhookEvent,
  WebhookEventBase,
  WebhookGroupEventEvent,
  WebhookMessageEvent,
  WebhookStatusEvent,
  WebhookUnknownEvent,
} from "./events.js";
export {
  DEFAULT_DEDUPE_LEASE_MS,
  DEFAULT_DEDUPE_TTL_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
} from "./handler.js";
export type {
  WebhookAckMode,
  WebhookContext,
  WebhookEventHandler,
  WebhookFailure,
  WebhookFailureCode,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookKindHandlers,
} from "./options.js";
// signature.ts (the header parsers and checks) is internal: use createWebhookHandler.

/**
 * Creates a webhook receiver: a fetch handler `(request) => Promise<Response>` for Node, Deno,
 * Bun, Cloudflare Workers, Hono and Next.js route handlers (use `@d360-messaging/webhooks/node`
 * for Express and Fastify). It checks the sender, reads at most `maxBodyBytes`, parses the body
 * into typed events, skips events already processed, and calls your handlers.
 *
 * Answers: 200 when every event was processed (or was a duplicate); 401 for a missing or wrong
 * signature or header; 413 for a body over `maxBodyBytes`; 400 for a body that is not a
 * WhatsApp webhook; 500 when a handler failed, 503 when it ran past `timeoutMs` or another
 * delivery of an event is being processed (the sender redelivers; events already processed are
 * skipped then); 405 for a method other than POST. With `verifyToken`, Meta's verification GET
 * gets its challenge back, or 403 for a wrong token.
 *
 * @throws {TypeError} when none of `secret`, `appSecret`, `headers` is set, or one is empty.
 * @throws {RangeError} for a `maxBodyBytes`, `timeoutMs`, `dedupeTtlMs` or `dedupeLeaseMs` out of range.
 * @example
 * const handler = createWebhookHandler({
 *   secret: process.env.D360_PLATFORM_SECRET,
 *   on: { message: (e) => { if (e.type === "text") console.log(e.contact?.profile.name, e.message.text.body) } },
 * });
 * export default { fetch: handler };
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  return createWebhookHandlerUsing(webHmac, options);
}
