import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type tests (*.test-d.ts: expectTypeOf, @ts-expect-error) are checked by the typecheck task
    // (tsc --noEmit over tsconfig.json, which includes test/); vitest's typecheck would run the
    // same tsc a second time.
    // Two shared cores: RSA key generation in parallel files only slows each other down.
    maxWorkers: 2,
    // The property tests run 1,000 cases each (about 2 s alone); a busy CI machine must not turn
    // that into a timeout.
    testTimeout: 300_000,
    // RSA key pairs are made in beforeAll; with every package's tests at once (turbo's default
    // concurrency) that can take longer than vitest's 10 s. A hang guard, not a speed check.
    hookTimeout: 300_000,
  },
});
