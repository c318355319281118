/**
 * A WhatsApp webhook receiver for 360dialog and Meta: checks who sent the request (360dialog's
 * `x-360dialog-signature`, Meta's `X-Hub-Signature-256`, or custom headers), reads a bounded
 * body, parses it into typed events, skips redeliveries, and calls your handlers. A fetch handler
 * for Node, Deno, Bun and Cloudflare Workers; `@d360-messaging/webhooks/node` adapts it to
 * Express and Fastify, `@d360-messaging/webhooks/redis` shares deduplication between processes.
 *
 * @packageDocumentation
 */

export type { DedupeStore, MemoryDedupeStore, MemoryDedupeStoreOptions } from "./dedupe.js";
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
  createWebhookHandler,
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
