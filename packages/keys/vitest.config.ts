import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // test/deno/ runs under Deno (see the package's test script), not vitest.
    exclude: ["test/deno/**", "**/node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    // Two shared cores: RSA work in parallel files only slows each other down.
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
