// One module of keys/internal rather than its index: with code splitting, everything the index
// names that the lazy key parser also uses would land in a chunk loaded on import (size budget).
import { brand, isBranded } from "@d360-messaging/keys/internal/brand";

// The guards match this registry key's brand plus `name` (the pattern of every package here,
// see keys' internal/brand.ts), so they recognise an error thrown by another copy of the client
// (an iframe, a worker bundle, two versions in node_modules).
const BRAND = "@d360-messaging/client.error";

/**
 * Base class of every error the client throws itself (HTTP errors, timeouts, network
 * failures). Catch it to handle all of them; the subclasses' guards tell them apart. Messages,
 * `toString()` and `JSON.stringify()` never contain the API key.
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
   * @param fields - the subclass's data, copied onto the error
   * @param cause - the underlying error, already free of secrets
   */
  constructor(message: string, fields?: object, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    brand(this, BRAND);
    Object.assign(this, fields);
  }

  /** The error as plain data for logs: name, message and the subclass's fields (not `request`). */
  toJSON(): Record<string, unknown> {
    const { request: _, ...fields } = this as { request?: unknown };
    return { ...fields, name: this.name, message: this.message };
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
  return error instanceof D360Error || isBranded(error, BRAND);
}

/** Guard for one subclass: the brand plus its `name` (a platform `TimeoutError` has no brand). */
export function isNamed<T extends D360Error>(error: unknown, name: string): error is T {
  return isD360Error(error) && error.name === name;
}

/** "GET https://… (after 3 attempts)": the part every message shares. */
export function describe(method: string, url: string, attempts: number): string {
  return `${method} ${url} (after ${attempts} attempt${attempts > 1 ? "s" : ""})`;
}
