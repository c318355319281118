// The API's limits as the test servers enforce them (test/support/fake-api.ts in process,
// test/support/messages-server.ts over loopback), written independently of src/sender/ so that
// they check it rather than repeat it.

/** What the API answers a message refused for going too fast: Meta's code. */
export type LimitCode = 130429 | 131056;

/**
 * A checker of the number's limit (GCRA of `limit` per second with `burst`; Meta's 130429 beyond)
 * and the pair limit (at most one message per `pairInterval` ms to one recipient; 131056 beyond).
 * Returns the code a message to `to` arriving at `now` is refused with, or `undefined` (it then
 * counts against both limits). A limit of 0 is none.
 */
export function apiLimits({
  limit = 0,
  burst = 1,
  pairInterval = 0,
}: {
  limit?: number;
  burst?: number;
  pairInterval?: number;
}): (to: string, now: number) => LimitCode | undefined {
  let tat = 0;
  const pairs = new Map<string, number>();
  return (to, now) => {
    if (limit) {
      const interval = 1000 / limit;
      const start = Math.max(tat, now);
      if (start - now > (burst - 1) * interval) return 130429;
      tat = start + interval;
    }
    if (pairInterval) {
      const last = pairs.get(to);
      if (last !== undefined && now - last < pairInterval) return 131056;
      pairs.set(to, now);
    }
    return undefined;
  };
}

/** The most of `times` (ascending, ms) within any window of `ms`. */
export function mostInWindow(times: readonly number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
