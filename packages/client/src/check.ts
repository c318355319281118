/**
 * The `TypeError` for an option of the wrong type, naming the option and what it must be. The
 * value is described by its type, and shown when short: options other than `apiKey` (never
 * passed here) hold no secrets.
 */
export function optionError(name: string, what: string, value: unknown): TypeError {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return new TypeError(
    `createD360Client: ${name} must be ${what}, got ${typeof value}${text.length > 40 ? "" : ` ${text}`}`,
  );
}
