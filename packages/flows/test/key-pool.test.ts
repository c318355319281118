// The pool behind the endpoint's parallel RSA decryptions (src/key-pool.ts).
import { afterEach, describe, expect, it, vi } from "vitest";
import { KeyPool, privateKeyCopies } from "../src/key-pool.js";

// Only identity matters to the pool; real CryptoKeys would add nothing here.
const keys = ["a", "b", "c"].map((name) => ({ name }) as unknown as CryptoKey);
const [a, b, c] = keys as [CryptoKey, CryptoKey, CryptoKey];

describe("KeyPool", () => {
  it("hands out the least busy key, and a released key again first", () => {
    const pool = new KeyPool([a, b, c]);
    expect([pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()]).toEqual([a, b, c, a]);
    pool.release(b);
    pool.release(b);
    expect(pool.acquire()).toBe(b);
    expect(pool.acquire()).toBe(b); // a: 2 busy, b: 1, c: 1 → b comes first among the least busy
  });

  it("ignores releases it did not hand out", () => {
    const pool = new KeyPool([a, b]);
    pool.release(c);
    pool.release(a); // nothing under way: does not go below zero
    expect([pool.acquire(), pool.acquire(), pool.acquire()]).toEqual([a, b, a]);
  });
});

describe("privateKeyCopies", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("keeps libuv's default threadpool size (4) whatever the core count, one on a single-threaded runtime", () => {
    vi.stubGlobal("navigator", undefined);
    expect(privateKeyCopies()).toBe(4);
    vi.stubGlobal("navigator", { hardwareConcurrency: 2 });
    expect(privateKeyCopies()).toBe(4);
    vi.stubGlobal("navigator", { hardwareConcurrency: 64 });
    expect(privateKeyCopies()).toBe(4);
    vi.stubGlobal("navigator", { hardwareConcurrency: 1 });
    expect(privateKeyCopies()).toBe(1);
  });
});
