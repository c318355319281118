import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Two files at a time: in `pnpm test` this is the longest suite and often the last one
    // running, and one worker would leave the second core idle while it finishes.
    maxWorkers: 2,
    // Most tests run the built binary as a child process, some several times; on a shared,
    // busy two-core machine one of them can take seconds. This only stops a hung test.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
