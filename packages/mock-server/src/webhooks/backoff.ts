/**
 * The wait before retry number `retry` (1 for the first): `initialDelay` doubled each time,
 * capped at `maxDelay`. 360dialog redelivers failed webhooks with backoff too
 * (https://docs.360dialog.com/partner/messaging/receiving-messages-via-webhook); its schedule is
 * not published, so the mock's is configurable instead of copied.
 */
export function backoffDelay(
  retry: number,
  options: { initialDelay: number; maxDelay: number },
): number {
  // 2 ** 60 is still finite; past it the cap applies anyway.
  return Math.min(options.maxDelay, options.initialDelay * 2 ** Math.min(retry - 1, 60));
}
