import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type tests (*.test-d.ts: expectTypeOf, @ts-expect-error) are checked by the typecheck task
    // (tsc --noEmit over tsconfig.json, which includes test/); vitest's typecheck would run the
    // same tsc a second time.
    // Hang guards, not speed checks: vitest's defaults (5 s, 10 s for hooks) can pass on a busy
    // two-core machine running every package's tests at once.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
