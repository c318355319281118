/**
 * Milliseconds a `Retry-After` header asks to wait, or `undefined` when it is absent or
 * unreadable. RFC 9110 §10.2.3: whole seconds (`"120"`) or an HTTP-date; a past date means 0.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  // An HTTP-date names a weekday ("Wed, 21 Oct 2015 07:28:00 GMT"); requiring letters keeps
  // Date.parse from reading a bare negative or decimal number as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
