// The guard pattern every package's errors share (ARCHITECTURE, "Errors"): a registry symbol
// set on the instance plus the class's `name`. `Symbol.for` is shared by every realm of one
// JavaScript agent (a `node:vm` context, an iframe) and by every copy of a package in
// node_modules, where `instanceof` and an `instanceof Error` test are not.

/** Marks `error` as one of a package's own errors; `key` is the package's registry key. */
export function brand(error: object, key: string): void {
  Object.defineProperty(error, Symbol.for(key), { value: true });
}

/**
 * Whether `value` carries the brand `key` (from any realm or copy) and, when `name` is given,
 * that `name`. No `instanceof Error`: an error from another realm is not an instance of this
 * realm's `Error`.
 */
export function isBranded(value: unknown, key: string, name?: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<PropertyKey, unknown>;
  return record[Symbol.for(key)] === true && (name === undefined || record.name === name);
}
