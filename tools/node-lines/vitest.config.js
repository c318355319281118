import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.js"],
    // Hang guards, not speed checks, as in the packages' configs: `pnpm test` runs every suite at
    // once on a shared two-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
