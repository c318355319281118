import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

/** A fixture written by global-setup.ts, as text. */
export function text(name: string): string {
  return readFileSync(join(inject("fixtureDir"), name), "utf8");
}

/** A fixture written by global-setup.ts, as bytes. */
export function bytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(inject("fixtureDir"), name)));
}
