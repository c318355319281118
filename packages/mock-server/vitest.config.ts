import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Hang guards, not speed checks: with every package's tests at once (turbo's default
    // concurrency) on two cores, real-socket tests can take longer than vitest's defaults.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
