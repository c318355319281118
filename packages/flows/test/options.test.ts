// createFlowEndpoint's numeric options are checked at creation like the client's: a string from
// env config ("200") is a TypeError naming the option, never a limit or deadline silently off;
// a delay timers cannot keep (2^31 ms or more, which fires at once) is a RangeError.
import { describe, expect, it } from "vitest";
import * as webBuild from "../src/index.js";
import * as nodeBuild from "../src/index.node.js";

const base = () => ({ privateKey: "not read at creation", handle: () => ({ data: {} }) });

describe.each([
  ["web build", webBuild],
  ["Node build", nodeBuild],
] as const)("createFlowEndpoint options (%s)", (_name, build) => {
  it("refuses a timeoutMs or maxBodyBytes that is not a number, naming it", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { timeoutMs: "200" },
        'createFlowEndpoint: timeoutMs must be a number, got the string "200"; convert a value read from the environment first, e.g. Number(process.env.VALUE)',
      ],
      [
        { maxBodyBytes: "65536" },
        'createFlowEndpoint: maxBodyBytes must be a number, got the string "65536"; convert a value read from the environment first, e.g. Number(process.env.VALUE)',
      ],
      [
        { maxBodyBytes: "sk_live_not_a_number" },
        "createFlowEndpoint: maxBodyBytes must be a number, got a string; convert a value read from the environment first, e.g. Number(process.env.VALUE)",
      ],
      [
        { timeoutMs: null },
        "createFlowEndpoint: timeoutMs must be a number, got null; convert a value read from the environment first, e.g. Number(process.env.VALUE)",
      ],
    ];
    for (const [options, message] of cases) {
      expect(() => build.createFlowEndpoint({ ...base(), ...options } as never)).toThrow(
        new TypeError(message),
      );
    }
  });

  it("refuses a timeoutMs of 2^31 ms or more, and a maxBodyBytes that is not a whole number of bytes", () => {
    for (const timeoutMs of [2 ** 31, 2 ** 40, -1, Number.NaN]) {
      expect(() => build.createFlowEndpoint({ ...base(), timeoutMs })).toThrow(
        /createFlowEndpoint: timeoutMs must be 0 \(none\), Infinity \(none\) or between 1 and 2147483647 ms/,
      );
    }
    for (const maxBodyBytes of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => build.createFlowEndpoint({ ...base(), maxBodyBytes })).toThrow(RangeError);
    }
    for (const options of [{ timeoutMs: 0 }, { timeoutMs: 2 ** 31 - 1 }, { maxBodyBytes: 0 }]) {
      expect(() => build.createFlowEndpoint({ ...base(), ...options })).not.toThrow();
    }
  });
});
