import { defineConfig } from "vitest/config";

// The test script passes --testTimeout and --hookTimeout, which reach both projects: vitest-mock's
// own config stays the short one a reader copies, and under `pnpm test` its server round trips
// share two cores with every other suite. A hang guard, not a speed check.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "examples",
          include: ["test/**/*.test.ts"],
          // Key generation and workerd start-up on a shared two-core machine.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      "./vitest-mock/vitest.config.ts",
    ],
  },
});
