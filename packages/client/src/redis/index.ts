/**
 * A {@link RateStore} in Redis, so that several processes sending from the same number share its
 * throughput. It works with the official Node client,
 * [node-redis](https://github.com/redis/node-redis) (`redis` on npm, v4 or later), an optional
 * peer dependency: the store only calls `client.sendCommand([...])`, so any client with that
 * method works and nothing of `redis` is imported here.
 *
 * @packageDocumentation
 */

import type { RateStore } from "../sender/rate-store.js";

// One Lua script, run atomically by Redis, rather than rate-limiter-flexible: the sender needs
// a single "take one or tell me how long to wait" over a smooth rate with a bounded burst, which
// is GCRA in a dozen lines (the same step as the memory store, sender/rate-store.ts), with no
// dependency for users to install and audit. rate-limiter-flexible's Redis limiter counts per
// fixed window, which lets up to twice the points through across a window boundary, and it would
// add a dependency (plus ioredis or node-redis adapters) to cover the same twelve lines.
//
// The clock is Redis's own (TIME), so processes on machines whose clocks differ share one time
// line. TIME before a write is allowed since Redis 5 (scripts replicate their effects; the
// default from Redis 7). The reply is a string: Redis truncates Lua numbers to integers.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local early = start - now - (burst - 1) * interval
if early > 0 then return tostring(early) end
local nextTat = start + interval
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return '0'
`;

/** The one method of a node-redis client the store uses. */
export interface RedisCommandClient {
  /** Sends one raw command, e.g. `["EVALSHA", sha, "1", key, "12.5", "8"]`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link createRedisRateStore}. */
export interface RedisRateStoreOptions {
  /**
   * A connected node-redis client (`createClient().connect()`), or anything with its
   * `sendCommand`.
   * @example
   * ```ts
   * client: await createClient({ url: process.env.REDIS_URL }).connect()
   * ```
   */
  client: RedisCommandClient;
  /**
   * Prefix of every key, to share one Redis between applications.
   * @default "d360:rate:"
   * @example
   * ```ts
   * prefix: "shop-a:rate:"
   * ```
   */
  prefix?: string;
}

/**
 * A rate store in Redis: each `take` is one atomic script call (`EVALSHA`, falling back to
 * `EVAL` the first time or after a `SCRIPT FLUSH`). Give every process the same `limitKey` in
 * `createSender` (the phone number ID) and the same `rate` and `burst`.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createSender } from "@d360-messaging/client/sender";
 * import { createRedisRateStore } from "@d360-messaging/client/redis";
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const sender = createSender({ client, rate: 80, store: createRedisRateStore({ client: redis }), limitKey: phoneNumberId });
 * ```
 */
export function createRedisRateStore(options: RedisRateStoreOptions): RateStore {
  const { client, prefix = "d360:rate:" } = options;
  if (typeof client?.sendCommand !== "function") {
    throw new TypeError(
      "createRedisRateStore: client must be a node-redis client (createClient() from 'redis', connected)",
    );
  }
  let sha: string | undefined;
  const args = (key: string, interval: number, burst: number) => [
    "1",
    prefix + key,
    String(interval),
    String(burst),
  ];
  return {
    async take(key, interval, burst) {
      if (sha) {
        try {
          return Number(await client.sendCommand(["EVALSHA", sha, ...args(key, interval, burst)]));
        } catch (error) {
          if (!/NOSCRIPT/.test(String((error as Error)?.message))) throw error;
        }
      }
      const reply = await client.sendCommand(["EVAL", SCRIPT, ...args(key, interval, burst)]);
      sha ??= String(await client.sendCommand(["SCRIPT", "LOAD", SCRIPT]));
      return Number(reply);
    },
  };
}
