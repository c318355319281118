/**
 * The `TypeError` for an option of the wrong type, naming the option and what it must be. A string
 * is shown (its head): options other than `apiKey` (never passed here) hold no secrets, and the
 * usual mistake is a number read from the environment as text.
 */
export function optionError(name: string, what: string, value: unknown): TypeError {
  return new TypeError(
    `createD360Client: ${name} must be ${what}, got ${typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value}`,
  );
}
