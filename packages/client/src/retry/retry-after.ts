/**
 * Milliseconds a `Retry-After` header asks to wait, or `undefined` when it is absent or
 * unreadable. RFC 9110 §10.2.3: either whole seconds (`"120"`) or an HTTP-date; a date in the
 * past means "now" (0).
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names a weekday ("Wed, 21 Oct 2015 07:28:00 GMT"); requiring a letter
  // keeps Date.parse from reading a bare negative or decimal number as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
