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

/**
 * Milliseconds to wait before retry number `retry` after a rate limit that named no interval
 * (360dialog's 400 `You have exceeded the endpoint rate limit.`, a 429 without `Retry-After`):
 * exponential from at least 1 s, with "equal jitter" (between half and all of it), so that the
 * default two retries outlast a one-second window.
 */
export function rateLimitDelay(
  retry: number,
  base: number,
  limit: number,
  random: () => number = Math.random,
): number {
  const full = Math.min(limit, Math.max(base, 1_000) * 2 ** (retry - 1));
  return Math.floor(full / 2 + (random() * full) / 2);
}
