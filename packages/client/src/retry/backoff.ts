/**
 * Milliseconds to wait before retry number `retry` (1 for the first retry): exponential growth
 * with "full jitter", a uniformly random wait between 0 and the capped exponential. Jitter
 * spreads out clients that failed together, so they do not all come back at the same instant
 * (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export function backoffDelay(
  retry: number,
  base: number,
  limit: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(limit, base * 2 ** (retry - 1)));
}
