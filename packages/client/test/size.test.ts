// Size budget of the client, so that a regression fails CI. It needs dist/ (turbo runs `build`
// before `test`).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundleSize } from "../bench/bundle-size.js";

// Issue 4's target is 5,000 bytes gzip for what a consumer loads on import, openapi-fetch
// included (2,605 bytes of it on its own). Measured: 7,131 (openapi-fetch, the client's own code
// and KeyFormatError's shared chunk; up from 6,895 with the review fixes: API keys scrubbed from
// error bodies, the caller's signal kept during body reads, escaped path patterns, baseUrl parsed
// and credentials refused; 7,488 with issue 11's generic per-operation call and generated
// namespaces, the price of every operation getting a method); the target is
// not reached, see README "Size" for the breakdown. The budget sits just above the measurement:
// lower it with every saving.
const ENTRY_BUDGET = 7_550;
// The key parser, loaded by the first `setBusinessPublicKey` only (measured: 5,539). Not part of
// the target, but budgeted too: importing the main entry of @d360-messaging/keys there instead of
// its `public-key` subpath would double it (import() cannot be tree-shaken).
const LAZY_BUDGET = 5_700;

describe("bundle size", () => {
  it("the client entry (what loads on import) and the lazy key parser stay within budget", async () => {
    expect(existsSync(new URL("../dist/index.js", import.meta.url)), "run the build first").toBe(
      true,
    );
    const size = await bundleSize();
    console.log(
      `client entry: ${size.entry.minified} bytes minified, ${size.entry.gzip} bytes gzip; ` +
        `lazy key parser: ${size.lazy.minified} bytes minified, ${size.lazy.gzip} bytes gzip`,
    );
    expect(size.entry.gzip).toBeLessThanOrEqual(ENTRY_BUDGET);
    // The parser is in a chunk of its own: a static import of it would make this 0.
    expect(size.lazy.gzip).toBeGreaterThan(0);
    expect(size.lazy.gzip).toBeLessThanOrEqual(LAZY_BUDGET);
  });
});
