// Every number d360 reads from its command line is checked for type and range: any string ends in
// a value in range or a UsageError (exit code 2), never in a NaN, a 0 that turns a timeout off,
// or a delay past setTimeout's limit (2^31 - 1 ms), which fires at once.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePort, parseRateLimit } from "../src/commands/mock.js";
import { parseTimeout } from "../src/config.js";
import { UsageError } from "../src/errors.js";
import { parseProxy } from "../src/proxy.js";

const TIMER_LIMIT = 2 ** 31 - 1;

/** Strings that look like numbers more often than arbitrary ones do. */
const numberish = fc.oneof(
  fc.string(),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.constantFrom(
    "",
    " 1",
    "1 ",
    "1e3",
    "1e400",
    "0x10",
    "Infinity",
    "NaN",
    "-1",
    "+1",
    "1.",
    ".5",
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`),
);

function outcome<T>(parse: () => T): T | UsageError {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
}

describe("--timeout SECONDS", () => {
  it("is whole milliseconds from 1 to 600,000, or a usage error", () => {
    fc.assert(
      fc.property(numberish, (raw) => {
        const result = outcome(() => parseTimeout(raw));
        if (result instanceof UsageError) return;
        expect(Number.isInteger(result)).toBe(true);
        expect(result).toBeGreaterThanOrEqual(1);
        expect(result).toBeLessThanOrEqual(600_000);
      }),
    );
  });

  it("refuses what would round to 0 ms, and what is not plain decimal", () => {
    for (const raw of [
      "0",
      "0.0004",
      "0.0000001",
      "abc",
      "-1",
      "1e400",
      "1e3",
      "Infinity",
      "601",
      "2147483.648",
    ])
      expect(
        outcome(() => parseTimeout(raw)),
        raw,
      ).toBeInstanceOf(UsageError);
    expect(parseTimeout("0.001")).toBe(1);
    expect(parseTimeout("0.3")).toBe(300);
    expect(parseTimeout("600")).toBe(600_000);
  });
});

describe("d360 mock --port N and --rate-limit N/TIME", () => {
  it("a port is 0 to 65535 or a usage error", () => {
    fc.assert(
      fc.property(numberish, (raw) => {
        const result = outcome(() => parsePort(raw));
        if (result instanceof UsageError) return;
        expect(Number.isInteger(result)).toBe(true);
        expect(result).toBeGreaterThanOrEqual(0);
        expect(result).toBeLessThanOrEqual(65_535);
      }),
    );
  });

  it("a rate limit is at least 1 request per 1 ms to 2^31 - 1 ms, or a usage error", () => {
    const rateLimit = fc.oneof(
      fc.string(),
      fc
        .tuple(numberish, numberish, fc.constantFrom("", "s", "ms", "h"))
        .map(([n, time, unit]) => `${n}/${time}${unit}`),
    );
    fc.assert(
      fc.property(rateLimit, (raw) => {
        const result = outcome(() => parseRateLimit({ "rate-limit": raw }));
        if (result instanceof UsageError) return;
        expect(Number.isInteger(result?.requests)).toBe(true);
        expect(result?.requests).toBeGreaterThanOrEqual(1);
        expect(Number.isInteger(result?.perMs)).toBe(true);
        expect(result?.perMs).toBeGreaterThanOrEqual(1);
        expect(result?.perMs).toBeLessThanOrEqual(TIMER_LIMIT);
      }),
    );
    expect(outcome(() => parseRateLimit({ "rate-limit": "1/9999999s" }))).toBeInstanceOf(
      UsageError,
    );
    expect(parseRateLimit({ "rate-limit": "1/2147483s" })?.perMs).toBe(2_147_483_000);
  });
});

describe("a proxy variable's value", () => {
  it("is a proxy URL or a usage error naming the variable, never showing the value", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom("", "http://", "https://", "socks5://", "user:"),
        (rest, prefix) => {
          const raw = `${prefix}SECRET-${rest}`;
          const result = outcome(() => parseProxy("HTTPS_PROXY", raw));
          if (result instanceof UsageError) {
            expect(result.message).toMatch(/^HTTPS_PROXY is not a usable proxy URL/);
            expect(`${result.message} ${result.hint}`).not.toContain("SECRET-");
            return;
          }
          const url = new URL(result.url);
          expect(["http:", "https:"]).toContain(url.protocol);
          expect(url.hostname).not.toBe("");
          expect(result.shown).toBe(`${url.protocol}//${url.host}`);
        },
      ),
    );
  });
});
