// The pieces every package shares (src/internal/), exported as @d360-messaging/keys/internal.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  decodeBase64 as base64ToBytes,
  brand,
  encodeBase64 as bytesToBase64,
  concatBytes,
  decodeBase64,
  encodeBase64,
  isBranded,
  readBounded,
  sleep,
} from "../src/internal.js";

describe("the shared base64 codec, canonical padded standard by default", () => {
  it("agrees with Buffer in both directions", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(bytesToBase64(bytes)).toBe(text);
        expect(Buffer.from(base64ToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("rejects what is not canonical padded standard base64", () => {
    for (const bad of [
      "A",
      "AB",
      "ABC",
      "AB=C",
      "A===",
      "====",
      "AB==AB==",
      "AB C",
      "AB\nC",
      "AB-_",
      "ABCD\u00e9AAA",
      "AB=D",
      "AR==",
      "ABD=",
    ]) {
      expect(() => base64ToBytes(bad), bad).toThrow(SyntaxError);
    }
    expect(base64ToBytes("")).toEqual(new Uint8Array(0));
    expect(Array.from(base64ToBytes("AA=="))).toEqual([0]);
    expect(Array.from(base64ToBytes("//8="))).toEqual([255, 255]);
  });

  it("accepts a string exactly when Buffer's strict round trip reproduces it", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."AB+/=a9- \n"), maxLength: 16 }), (text) => {
        const canonical = Buffer.from(text, "base64").toString("base64") === text;
        let accepted = true;
        try {
          base64ToBytes(text);
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the shared base64 codec's other modes", () => {
  it("PEM mode: whitespace anywhere is skipped and trailing bits are not checked", () => {
    expect(Array.from(decodeBase64(" A\nB\r\nC D\t", { whitespace: true }))).toEqual([0, 16, 131]);
    expect(Array.from(decodeBase64("AR==", { canonical: false }))).toEqual([1]);
    expect(() => decodeBase64("A B=", { canonical: false })).toThrow(SyntaxError);
  });

  it("base64url without padding agrees with Buffer's", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64url");
        expect(encodeBase64(bytes, { url: true, padded: false })).toBe(text);
        expect(
          Buffer.from(decodeBase64(text, { url: true, padded: false })).equals(Buffer.from(bytes)),
        ).toBe(true);
      }),
    );
    expect(() => decodeBase64("AB==", { url: true, padded: false })).toThrow(SyntaxError);
    expect(() => decodeBase64("A+", { url: true, padded: false })).toThrow(SyntaxError);
  });
});

describe("concatBytes", () => {
  it("joins views at any offset into one new array", () => {
    const backing = Uint8Array.of(9, 1, 2, 9);
    const joined = concatBytes([backing.subarray(1, 3), new Uint8Array(0), Uint8Array.of(3)]);
    expect(Array.from(joined)).toEqual([1, 2, 3]);
    expect(joined.buffer).not.toBe(backing.buffer);
  });
});

describe("sleep", () => {
  afterEach(() => vi.useRealTimers());

  it("resolves after the time, not before", async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it("rejects with the signal's reason on abort, also one given before the call", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep(1, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });
});

describe("brand and isBranded", () => {
  it("match the key and, when given, the name; nothing unbranded", () => {
    const error = new Error("x");
    error.name = "SomeError";
    brand(error, "@d360-messaging/test.error");
    expect(isBranded(error, "@d360-messaging/test.error")).toBe(true);
    expect(isBranded(error, "@d360-messaging/test.error", "SomeError")).toBe(true);
    expect(isBranded(error, "@d360-messaging/test.error", "OtherError")).toBe(false);
    expect(isBranded(error, "@d360-messaging/other.error")).toBe(false);
    expect(
      isBranded(Object.assign(new Error("x"), { name: "SomeError" }), "@d360-messaging/test.error"),
    ).toBe(false);
    expect(isBranded(null, "@d360-messaging/test.error")).toBe(false);
    // The brand is not enumerable: a spread (a log line, a structured clone) does not copy it.
    expect(Object.getOwnPropertySymbols(error)).toHaveLength(1);
    expect(Object.getOwnPropertySymbols({ ...error })).toEqual([]);
  });
});

describe("readBounded", () => {
  const stream = (...chunks: number[][]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(Uint8Array.from(chunk));
        controller.close();
      },
    });

  it("returns the whole body up to the limit and undefined past it, whatever was declared", async () => {
    expect(Array.from((await readBounded(stream([1, 2], [3]), null, 3)) ?? [])).toEqual([1, 2, 3]);
    expect(await readBounded(stream([1, 2], [3, 4]), null, 3)).toBeUndefined();
    expect(await readBounded(stream([1, 2], [3, 4]), "2", 3)).toBeUndefined();
    expect(await readBounded(stream([1]), "4", 3)).toBeUndefined();
    expect(await readBounded(null, null, 3)).toEqual(new Uint8Array(0));
  });

  it("rejects with the signal's reason when it aborts mid-body", async () => {
    const controller = new AbortController();
    const endless = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const reading = readBounded(endless, null, 10, { signal: controller.signal });
    controller.abort(new Error("too slow"));
    await expect(reading).rejects.toThrow("too slow");
  });

  it("rejects with timeoutError() when the body takes longer than timeoutMs", async () => {
    vi.useFakeTimers();
    const endless = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const reading = readBounded(endless, null, 10, {
      timeoutMs: 1_000,
      timeoutError: () => new Error("body too slow"),
    });
    const outcome = reading.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ message: "body too slow" });
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });
});
