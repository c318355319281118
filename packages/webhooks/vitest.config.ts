import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type tests (*.test-d.ts) are checked by the typecheck task (tsc --noEmit over tsconfig.json).
    maxWorkers: 2,
    // Hang guards on a shared two-core machine, not speed checks: redis-server starts in beforeAll.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
