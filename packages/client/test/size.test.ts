// Size budget of the client, so that a regression fails CI. It needs dist/ (turbo runs `build`
// before `test`).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundleSize } from "../bench/bundle-size.js";

// Issue 10's target is 7,500 bytes gzip for what a consumer loads on import, openapi-fetch
// included (2,605 bytes of it on its own); issue 4's 5,000 is retired. Measured: 10,104 (7,488 with
// issue 11's generated methods before issue 10; issue 10 added the vendor's error table and hints, NetworkError codes, bodies read and
// capped inside the attempt and answered from memory, redirect refusal, hooks, scrubbed cause copies, header rules). The
// target is NOT reached; see README "Size". The budget sits just above the measurement: lower it
// with every saving.
// 10,217 after issue 15: the error brand and sleep come from keys/internal, and what they share
// with the lazy key parser sits in a small chunk of its own, loaded on import.
// 8,813 with the failure handling loaded on demand (src/failure/): moving it out saved 1,084, and
// splitting the request copy from the scrubbing (errors/redacted-request.ts) another 310.
// 9,210 with the light request path (src/fetch/light-request.ts: +397), which buys the speed target.
// 9,195 after the unexpected-body reason moved to src/failure/ and a smaller offline fallback (-15).
// 9,509 with the body loop shared with flows (keys/internal readBounded, issue 15: +314).
const ENTRY_BUDGET = 9_550;
// The key parser, loaded by the first `setBusinessPublicKey` only (measured: 5,791 after the keys
// package learned to read key files as people have them). Not part of the target, but budgeted
// too: importing the main entry of @d360-messaging/keys there instead of its `public-key` subpath
// would double it (import() cannot be tree-shaken).
// 5,966 after the keys package's base64 became the codec every package shares (flows' canonical
// checks included).
const LAZY_BUDGET = 6_000;
// The failure handling (src/failure/), loaded in the background when a client is created and
// used only when something goes wrong: the vendor's error table, the retry decision, network
// classification, scrubbing. Measured: 3,371.
const FAILURE_BUDGET = 3_420;

describe("bundle size", () => {
  it("the client entry (what loads on import), the lazy key parser and the failure chunk stay within budget", async () => {
    expect(existsSync(new URL("../dist/index.js", import.meta.url)), "run the build first").toBe(
      true,
    );
    const size = await bundleSize();
    console.log(
      `client entry: ${size.entry.minified} bytes minified, ${size.entry.gzip} bytes gzip; ` +
        `lazy key parser: ${size.lazy.minified} bytes minified, ${size.lazy.gzip} bytes gzip; ` +
        `failure handling: ${size.failure.minified} bytes minified, ${size.failure.gzip} bytes gzip`,
    );
    expect(size.entry.gzip).toBeLessThanOrEqual(ENTRY_BUDGET);
    // The parser is in a chunk of its own: a static import of it would make this 0.
    expect(size.lazy.gzip).toBeGreaterThan(0);
    expect(size.lazy.gzip).toBeLessThanOrEqual(LAZY_BUDGET);
    // Likewise the failure handling: a static import of it would make this 0.
    expect(size.failure.gzip).toBeGreaterThan(0);
    expect(size.failure.gzip).toBeLessThanOrEqual(FAILURE_BUDGET);
  });
});
