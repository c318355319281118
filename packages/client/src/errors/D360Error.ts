// A registry symbol, not a module-local one: `Symbol.for` is shared by every realm and by
// duplicated installs of this package, so the guards below recognise an error thrown by another
// copy of the client (an iframe, a worker bundle, two versions in node_modules).
const BRAND = Symbol.for("@d360-messaging/client.error");

/**
 * Base class of every error the client throws itself (HTTP errors, timeouts, network
 * failures). Catch it to handle all of them; use the subclasses' guards to tell them apart.
 * Messages, `toString()` and `JSON.stringify()` never contain the API key.
 *
 * @example
 * ```ts
 * try {
 *   await client.encryption.getBusinessPublicKey();
 * } catch (error) {
 *   if (isD360Error(error)) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class D360Error extends Error {
  /** `"D360Error"`, or the subclass's name. The guards match on it, so they work across realms. */
  override name = "D360Error";

  /**
   * @param message - what happened and what to do about it
   * @param options - `cause`: the underlying error, already free of secrets
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The error as plain data for logs: name, message and the subclass's fields, no secrets. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/**
 * Whether `error` is a {@link D360Error} (any subclass), also when it comes from another realm
 * or another copy of this package.
 *
 * @example
 * ```ts
 * if (isD360Error(error)) log.warn(error.message);
 * ```
 */
export function isD360Error(error: unknown): error is D360Error {
  return (
    error instanceof D360Error ||
    (typeof error === "object" &&
      error !== null &&
      (error as { [BRAND]?: unknown })[BRAND] === true &&
      typeof (error as { name?: unknown }).name === "string")
  );
}

/** Guard for one subclass: the brand plus its `name` (a platform `TimeoutError` has no brand). */
export function isNamed<T extends D360Error>(error: unknown, name: string): error is T {
  return isD360Error(error) && error.name === name;
}
