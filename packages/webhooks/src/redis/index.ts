/**
 * A {@link DedupeStore} in Redis, so that several processes or machines receiving the same
 * webhooks process each event once. It works with the official Node client,
 * [node-redis](https://github.com/redis/node-redis) (`redis` on npm, v4 or later), an optional
 * peer dependency: the store only calls `client.sendCommand([...])`, so any client with that
 * method works and nothing of `redis` is imported here.
 *
 * @packageDocumentation
 */

import type { DedupeStore } from "../dedupe.js";

// node-redis rather than ioredis: it is Redis's own client, ships its own types and ESM, and
// runs on Node, Bun and Deno's npm compatibility. `sendCommand` has kept one shape from v4 to
// v6, where the typed `set` options changed (v5 replaced `{ NX, PX }` with `condition` and
// `expiration`); a raw command keeps the store working across those versions.

/** The one method of a node-redis client the store uses. */
export interface RedisCommandClient {
  /** Sends one raw command, e.g. `["SET", key, "1", "NX", "PX", "1000"]`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link createRedisDedupeStore}. */
export interface RedisDedupeStoreOptions {
  /**
   * A connected node-redis client (`createClient().connect()`), or anything with its
   * `sendCommand`.
   * @example
   * client: await createClient({ url: process.env.REDIS_URL }).connect()
   */
  client: RedisCommandClient;
  /**
   * Prefix of every key, to share one Redis between applications.
   * @default "d360:webhooks:"
   * @example
   * prefix: "shop-a:webhooks:"
   */
  prefix?: string;
}

/**
 * A deduplication store in Redis. A claim is one `SET key 1 NX PX ttl` (atomic in Redis: of
 * concurrent claims of one key, exactly one gets `OK`), a release is `DEL key`.
 *
 * @example
 * import { createClient } from "redis";
 * import { createWebhookHandler } from "@d360-messaging/webhooks";
 * import { createRedisDedupeStore } from "@d360-messaging/webhooks/redis";
 *
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const handler = createWebhookHandler({ secret, dedupe: createRedisDedupeStore({ client }), onEvent });
 */
export function createRedisDedupeStore(options: RedisDedupeStoreOptions): DedupeStore {
  const { client, prefix = "d360:webhooks:" } = options;
  if (typeof client?.sendCommand !== "function") {
    throw new TypeError(
      "createRedisDedupeStore: client must be a node-redis client (createClient() from 'redis', connected)",
    );
  }
  return {
    async claim(key, ttlMs) {
      const reply = await client.sendCommand([
        "SET",
        prefix + key,
        "1",
        "NX",
        "PX",
        String(Math.max(1, Math.ceil(ttlMs))),
      ]);
      return reply === "OK";
    },
    async release(key) {
      await client.sendCommand(["DEL", prefix + key]);
    },
  };
}
