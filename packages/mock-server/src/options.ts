/**
 * The checks every numeric option of the mock and the simulator goes through, in one place. A
 * value of another type is a TypeError naming the option (a `"200"` read from an environment
 * variable must not be taken for a number, nor turn a limit off); a number out of range a
 * RangeError naming the option and the range.
 */

/**
 * The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days): a longer one fires at
 * once (Node prints a TimeoutOverflowWarning and waits 1 ms), so a long wait would silently
 * become none.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the value is, for a message: its type, and a short view of a string. */
function describe(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 20))}`;
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/**
 * `value` as an integer from `min` to `max`.
 * @throws {TypeError} when it is not a number
 * @throws {RangeError} when it is not an integer in range
 */
export function integerOption(
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${name} must be a number (an integer from ${min} to ${max}), got ${describe(value)}`,
    );
  }
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/**
 * `value` as a finite number above `above` (exclusive) or from `min` (inclusive), up to `max`.
 * @throws {TypeError} when it is not a number
 * @throws {RangeError} when it is not finite or out of range
 */
export function numberOption(
  name: string,
  value: unknown,
  range: { min: number; exclusive?: boolean; max?: number },
): number {
  const { min, exclusive = false, max = Number.MAX_VALUE } = range;
  const wanted = `a number ${exclusive ? "above" : "from"} ${min}${max === Number.MAX_VALUE ? "" : ` up to ${max}`}`;
  if (typeof value !== "number")
    throw new TypeError(`${name} must be ${wanted}, got ${describe(value)}`);
  if (!(Number.isFinite(value) && (exclusive ? value > min : value >= min) && value <= max)) {
    throw new RangeError(`${name} must be ${wanted}, got ${value}`);
  }
  return value;
}
