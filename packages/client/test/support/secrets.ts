// Every error a test file produces goes through `caught()`; afterAll(`expectNoLeak`) then scans
// all of them for the API keys used. A leak anywhere (message, toString, JSON, the cause chain,
// an attached request's headers) fails the file.
import { expect } from "vitest";

/** The API key the tests use: long and unusual, so a match cannot be a coincidence. */
export const API_KEY = "k3y-SECRET-d360-7f3a9c1e5b";
/** A second channel's key. */
export const OTHER_KEY = "k3y-SECRET-other-4d2b8e";

const errors: unknown[] = [];

/** Record an error for the final scan and return it. */
export function record<T>(error: T): T {
  errors.push(error);
  return error;
}

/** The rejection of `promise` (recorded), or a failure when it resolves. */
export async function caught(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return record(error) as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}

/** The error `fn` throws (recorded), or a failure when it returns. */
export function thrown(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    return record(error) as Error & Record<string, unknown>;
  }
  throw new Error("expected a throw");
}

/** Everything an error shows: message, toString, JSON, stack and the same for each cause, and an attached request's headers. */
export async function exposure(error: unknown): Promise<string> {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (typeof current === "object") {
      const e = current as {
        message?: unknown;
        stack?: unknown;
        cause?: unknown;
        request?: unknown;
      };
      parts.push(String(e.message), String(e.stack), String(current), safeJson(current));
      if (e.request instanceof Request) {
        parts.push(e.request.url, JSON.stringify([...e.request.headers]));
      }
      current = e.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join("\n");
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** Fail when any recorded error exposes one of `secrets`; also require that errors were recorded. */
export async function expectNoLeak(secrets: string[] = [API_KEY, OTHER_KEY]): Promise<void> {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    const text = await exposure(error);
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}
