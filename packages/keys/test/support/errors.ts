import { expect } from "vitest";
import { isKeyFormatError, type KeyFormatErrorCode } from "../../src/index.js";

/** Every error the helpers below have seen in this test file, for the secrets scan. */
export const seenErrors: unknown[] = [];

function check(error: unknown, code: KeyFormatErrorCode): void {
  seenErrors.push(error);
  expect(isKeyFormatError(error), `expected a KeyFormatError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

/** Runs a synchronous call that must throw KeyFormatError with this code; returns the error. */
export function codeOf(run: () => unknown, code: KeyFormatErrorCode): Error {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  check(thrown, code);
  return thrown as Error;
}

/** Awaits a promise that must reject with KeyFormatError with this code; returns the error. */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: KeyFormatErrorCode,
): Promise<Error> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  check(thrown, code);
  return thrown as Error;
}

/** All text an error could carry into a log: message, stack, cause chain, own properties. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? "", JSON.stringify({ ...current }));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join("\n");
}

/**
 * Fails if any error text contains a secret: one of the passphrases, or any 16-character run
 * of base64 taken from key bodies (a leak of key material would show as such a run).
 */
export function expectNoSecrets(
  errors: readonly unknown[],
  passphrases: readonly string[],
  keyTexts: readonly string[],
): void {
  const windows = new Set<string>();
  for (const keyText of keyTexts) {
    const body = keyText
      .split("\n")
      .filter((line) => !line.startsWith("-----") && !line.includes(":"))
      .join("");
    for (let i = 0; i + 16 <= body.length; i++) windows.add(body.slice(i, i + 16));
  }
  expect(windows.size).toBeGreaterThan(0);
  for (const error of errors) {
    const haystack = errorText(error);
    for (const passphrase of passphrases) expect(haystack).not.toContain(passphrase);
    for (let i = 0; i + 16 <= haystack.length; i++) {
      const window = haystack.slice(i, i + 16);
      if (windows.has(window)) expect.fail(`error text contains key material: ${window}`);
    }
  }
}
