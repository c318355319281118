// Public API of @d360-messaging/webhooks, Node build (exports condition "node"): the same names
// and signatures as index.ts (whose .d.ts both builds share), with node:crypto for the HMACs
// (hmac-node.ts). On Node a WebCrypto HMAC verify is most of a webhook's cost; see hmac.ts.

import { createWebhookHandlerUsing } from "./handler.js";
import { nodeHmac } from "./hmac-node.js";
import type { WebhookHandler, WebhookHandlerOptions } from "./options.js";

// Everything of the web build; the function declared below shadows its version (a module's own
// exports win over `export *`), so the lists cannot drift apart.
export * from "./index.js";

/**
 * Creates a webhook receiver; see the web build's `createWebhookHandler`. On Node the HMACs run
 * on node:crypto and are compared with `timingSafeEqual`.
 *
 * @example
 * const handler = createWebhookHandler({ secret: process.env.D360_PLATFORM_SECRET, onEvent });
 * createServer(toNodeListener(handler)).listen(3000);
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  return createWebhookHandlerUsing(nodeHmac, options);
}
