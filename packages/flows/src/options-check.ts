// Numeric options, checked once where they are given: a value read from the environment is a
// string ("200"), which would otherwise slip through comparisons (`"200" >= 0` is true) and turn a
// limit or a deadline off without a word; and setTimeout turns a delay of 2^31 ms or more into
// 1 ms in every runtime. TypeError for a wrong type, RangeError for a number out of range, each
// naming the option.

/** The largest delay setTimeout keeps; a larger one fires after 1 ms in every runtime. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function describe(value: unknown): string {
  // Quoted only when it looks like a number: a wrongly mapped variable could hold a secret.
  if (typeof value === "string") {
    return /^[\d\s._eE+-]{0,32}$/.test(value) ? `the string ${JSON.stringify(value)}` : "a string";
  }
  return value === null ? "null" : typeof value;
}

function requireNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${name} must be a number, got ${describe(value)}; convert a value read from the environment first, e.g. Number(process.env.VALUE)`,
    );
  }
}

/** A size in bytes: an integer from 0 up. */
export function checkByteLimit(value: unknown, name: string): number {
  requireNumber(value, name);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of bytes from 0 up, got ${value}`);
  }
  return value;
}

/** A deadline: 0 or Infinity for none, else from 1 to MAX_TIMER_MS milliseconds. */
export function checkTimeoutMs(value: unknown, name: string): number {
  requireNumber(value, name);
  // Only 0 and Infinity turn the deadline off; a negative or NaN value would do so silently,
  // and 2^31 ms or more would silently become 1 ms in setTimeout.
  if (!(value >= 0) || (Number.isFinite(value) && value > MAX_TIMER_MS)) {
    throw new RangeError(
      `${name} must be 0 (none), Infinity (none) or between 1 and ${MAX_TIMER_MS} ms (about 24.8 days, the longest timers keep), got ${value}`,
    );
  }
  return value;
}

/** An optional boolean switch; a TypeError for anything else (the string "false" is truthy). */
export function checkFlag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new TypeError(`${name} must be true or false, got ${describe(value)}`);
  }
  return value;
}
