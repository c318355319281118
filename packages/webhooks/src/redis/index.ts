/**
 * A {@link DedupeStore} in Redis, so that several processes or machines receiving the same
 * webhooks process each event once. It works with the official Node client,
 * [node-redis](https://github.com/redis/node-redis) (`redis` on npm, v4 or later), an optional
 * peer dependency: the store only calls `client.sendCommand([...])`, so any client with that
 * method works and nothing of `redis` is imported here.
 *
 * @packageDocumentation
 */

import type { ClaimState, DedupeStore } from "../dedupe.js";

// node-redis rather than ioredis: it is Redis's own client, ships its own types and ESM, and
// runs on Node, Bun and Deno's npm compatibility. `sendCommand` has kept one shape from v4 to
// v6, where the typed `set` options changed (v5 replaced `{ NX, PX }` with `condition` and
// `expiration`); a raw command keeps the store working across those versions.

/** The one method of a node-redis client the store uses. */
export interface RedisCommandClient {
  /** Sends one raw command, e.g. `["SET", key, "done", "PX", "1000"]`. */
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

// A claim is a lease (`pending`) that becomes `done` when the handlers succeed (see dedupe.ts).
// Claiming and reading what a failed claim found must be one step, or a lease that runs out in
// between would read as neither; releasing must not delete a key another delivery has since
// completed. Each is a short Lua script, which Redis runs atomically (EVAL,
// https://redis.io/docs/latest/develop/programmability/eval-intro/).
const CLAIM = `if redis.call('SET', KEYS[1], 'pending', 'NX', 'PX', ARGV[1]) then return 'claimed' end
if redis.call('GET', KEYS[1]) == 'done' then return 'done' end
return 'in-progress'`;
const RELEASE = `if redis.call('GET', KEYS[1]) == 'pending' then return redis.call('DEL', KEYS[1]) end
return 0`;

const milliseconds = (ms: number) => String(Math.max(1, Math.ceil(ms)));

/**
 * A deduplication store in Redis. A claim sets `pending` with the lease (`SET NX PX` in a Lua
 * script, atomic: of concurrent claims of one key, exactly one gets `"claimed"`); completing sets
 * `done` with the TTL; a release deletes a key that is still `pending`.
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
    async claim(key, leaseMs) {
      const reply = await client.sendCommand([
        "EVAL",
        CLAIM,
        "1",
        prefix + key,
        milliseconds(leaseMs),
      ]);
      if (reply === "claimed" || reply === "in-progress" || reply === "done")
        return reply as ClaimState;
      throw new TypeError(`createRedisDedupeStore: unexpected reply to a claim: ${String(reply)}`);
    },
    async complete(key, ttlMs) {
      await client.sendCommand(["SET", prefix + key, "done", "PX", milliseconds(ttlMs)]);
    },
    async release(key) {
      await client.sendCommand(["EVAL", RELEASE, "1", prefix + key]);
    },
  };
}
