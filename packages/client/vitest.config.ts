import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Two files at a time: most of this suite waits on loopback servers and child runtimes.
    maxWorkers: 2,
    // Hang guards, not speed checks: with every package's tests at once (turbo's default
    // concurrency) on two cores, real-socket tests can take longer than vitest's defaults.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Type tests (*.test-d.ts: expectTypeOf, @ts-expect-error) are checked by the typecheck task
    // (tsc --noEmit over tsconfig.json, which includes test/); vitest's typecheck would run the
    // same tsc a second time.
  },
});
