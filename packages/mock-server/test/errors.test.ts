// The guards across realms and copies: the brand (Symbol.for) plus `name`, never `instanceof`
// alone and never `instanceof Error` (false for an error made in another realm).
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  ConnectionDroppedError,
  InvalidApiKeyError,
  isConnectionDroppedError,
  isInvalidApiKeyError,
} from "../src/index.js";

/** A TypeError made in a `node:vm` context: another realm, with its own `Error`. */
function foreign(name: string, branded: boolean): unknown {
  return runInNewContext(`
    const e = new TypeError("from elsewhere");
    e.name = ${JSON.stringify(name)};
    if (${branded}) Object.defineProperty(e, Symbol.for("@d360-messaging/mock-server.error"), { value: true });
    e`);
}

describe("error guards", () => {
  it("match a branded error from another realm by name, each only its own", () => {
    const dropped = foreign("ConnectionDroppedError", true);
    const invalid = foreign("InvalidApiKeyError", true);
    expect(dropped instanceof Error).toBe(false);
    expect([isConnectionDroppedError(dropped), isInvalidApiKeyError(dropped)]).toEqual([
      true,
      false,
    ]);
    expect([isConnectionDroppedError(invalid), isInvalidApiKeyError(invalid)]).toEqual([
      false,
      true,
    ]);
  });

  it("do not match a look-alike without the brand", () => {
    for (const name of ["ConnectionDroppedError", "InvalidApiKeyError"]) {
      for (const lookAlike of [foreign(name, false), Object.assign(new TypeError("x"), { name })]) {
        expect(isConnectionDroppedError(lookAlike), name).toBe(false);
        expect(isInvalidApiKeyError(lookAlike), name).toBe(false);
      }
    }
    expect(isInvalidApiKeyError(null)).toBe(false);
  });

  it("match errors made by a second copy of the package", async () => {
    // A query string makes the module graph load errors.ts again: other classes, as with two
    // installed copies.
    const second = "../src/errors.js?second-copy";
    const copy = (await import(second)) as typeof import("../src/errors.js");
    const dropped = new copy.ConnectionDroppedError();
    const invalid = new copy.InvalidApiKeyError(0, "EMPTY");
    expect(dropped instanceof ConnectionDroppedError).toBe(false);
    expect(invalid instanceof InvalidApiKeyError).toBe(false);
    expect([isConnectionDroppedError(dropped), isInvalidApiKeyError(invalid)]).toEqual([
      true,
      true,
    ]);
    expect(copy.isConnectionDroppedError(new ConnectionDroppedError())).toBe(true);
    expect(copy.isInvalidApiKeyError(new ConnectionDroppedError())).toBe(false);
  });
});
