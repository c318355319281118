/**
 * Where the sender keeps the number's send budget. The default keeps it in memory (one process);
 * `createRedisRateStore` from `@d360-messaging/client/redis` shares it between processes that
 * send from the same number. Both implement the same GCRA (below), so they pace alike.
 */
export interface RateStore {
  /**
   * Take one send from the budget named `key`: resolves with `0` when granted, else with the
   * milliseconds to wait before asking again (nothing is taken then).
   *
   * @param interval - milliseconds between sends at the current rate (1000 / rate)
   * @param burst - how many sends may go at once after a quiet period (at least 1)
   * @param now - the caller's clock, epoch ms (a shared store may use its own clock instead)
   */
  take(key: string, interval: number, burst: number, now: number): number | Promise<number>;
}

// GCRA, the generic cell rate algorithm (ITU-T I.371; as in Redis's `redis-cell` and Brandur
// Leach's "Rate limiting, cells, and GCRA"): one number per budget, the theoretical arrival time
// `tat` of the next send at the steady rate. A send at `now` conforms when it is at most
// `(burst - 1) * interval` early; then `tat` moves one interval on. It needs no refill timer,
// and in any window of `w` ms it lets at most `burst + w / interval` sends through.

/**
 * One GCRA step over `tat` (0 when none yet): the new `tat`, or the wait when not granted.
 * Exported for the Redis script's twin and its tests.
 */
export function gcra(
  tat: number,
  now: number,
  interval: number,
  burst: number,
): { tat: number; wait: number } {
  const start = Math.max(tat, now);
  const early = start - now - (burst - 1) * interval;
  if (early > 0) return { tat, wait: early };
  return { tat: start + interval, wait: 0 };
}

/**
 * The default {@link RateStore}: budgets in a `Map`, for one process.
 *
 * @example
 * ```ts
 * const sender = createSender({ client, rate: 80, store: createMemoryRateStore() });
 * ```
 */
export function createMemoryRateStore(): RateStore {
  const tats = new Map<string, number>();
  return {
    take(key, interval, burst, now) {
      const step = gcra(tats.get(key) ?? 0, now, interval, burst);
      if (step.wait === 0) tats.set(key, step.tat);
      return step.wait;
    },
  };
}
