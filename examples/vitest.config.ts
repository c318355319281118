import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "examples",
          include: ["test/**/*.test.ts"],
          // Key generation and workerd start-up on a shared two-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      "./vitest-mock/vitest.config.ts",
    ],
  },
});
