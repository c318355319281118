// The guards across realms and copies: the brand (Symbol.for) plus `name`, never `instanceof`
// alone and never `instanceof Error` (false for an error made in another realm).
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  FlowDecryptionError,
  FlowMediaError,
  FlowRouteNotFoundError,
  FlowTimeoutError,
  FlowTokenExpiredError,
  isFlowDecryptionError,
  isFlowError,
  isFlowMediaError,
  isFlowTimeoutError,
  isFlowTokenExpiredError,
} from "../src/index.js";

const GUARDS = {
  FlowDecryptionError: isFlowDecryptionError,
  FlowMediaError: isFlowMediaError,
  FlowTimeoutError: isFlowTimeoutError,
  FlowTokenExpiredError: isFlowTokenExpiredError,
};

/** An Error made in a `node:vm` context: another realm, with its own `Error`. */
function foreign(name: string, branded: boolean): unknown {
  return runInNewContext(`
    const e = new Error("from elsewhere");
    e.name = ${JSON.stringify(name)};
    if (${branded}) Object.defineProperty(e, Symbol.for("@d360-messaging/flows.error"), { value: true });
    e`);
}

describe("error guards", () => {
  it("match a branded error from another realm by name, and only its own guard", () => {
    for (const [name, guard] of Object.entries(GUARDS)) {
      const error = foreign(name, true);
      expect(error instanceof Error).toBe(false);
      expect(guard(error), name).toBe(true);
      expect(isFlowError(error), name).toBe(true);
      for (const [other, otherGuard] of Object.entries(GUARDS)) {
        if (other !== name) expect(otherGuard(error), `${other} on ${name}`).toBe(false);
      }
    }
  });

  it("do not match a look-alike without the brand", () => {
    for (const [name, guard] of Object.entries(GUARDS)) {
      expect(guard(foreign(name, false)), name).toBe(false);
      expect(guard(Object.assign(new Error("x"), { name })), name).toBe(false);
      expect(isFlowError(foreign(name, false)), name).toBe(false);
    }
    expect(isFlowError(null)).toBe(false);
    expect(isFlowError("FlowError")).toBe(false);
  });

  it("match errors thrown by a second copy of the package", async () => {
    // A query string makes the module graph load the package again: other classes, as with
    // two installed copies.
    const second = "../src/errors.js?second-copy";
    const copy = (await import(second)) as typeof import("../src/errors.js");
    expect(copy.FlowMediaError).not.toBe(FlowMediaError);
    const made = [
      [new copy.FlowDecryptionError("invalid-base64"), FlowDecryptionError, isFlowDecryptionError],
      [new copy.FlowMediaError("too-large"), FlowMediaError, isFlowMediaError],
      [new copy.FlowTimeoutError(10), FlowTimeoutError, isFlowTimeoutError],
      [new copy.FlowTokenExpiredError(), FlowTokenExpiredError, isFlowTokenExpiredError],
    ] as const;
    for (const [error, localClass, guard] of made) {
      expect(error instanceof localClass, error.name).toBe(false);
      expect(guard(error), error.name).toBe(true);
      expect(isFlowError(error), error.name).toBe(true);
    }
    expect(isFlowError(foreign("FlowRouteNotFoundError", true))).toBe(true);
    // And the other way round: the copy's guards know this copy's errors.
    expect(copy.isFlowMediaError(new FlowMediaError("too-large"))).toBe(true);
    expect(copy.isFlowError(new FlowRouteNotFoundError("INIT", undefined))).toBe(true);
    expect(copy.isFlowError(new Error("x"))).toBe(false);
    expect(copy.isFlowTimeoutError(new FlowDecryptionError("invalid-base64"))).toBe(false);
    expect(copy.isFlowTokenExpiredError(new FlowTimeoutError(1))).toBe(false);
    expect(copy.isFlowDecryptionError(new FlowTokenExpiredError())).toBe(false);
  });
});
