import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // *.test-d.ts are type-checked (expectTypeOf, @ts-expect-error), not executed.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // Two shared cores: RSA key generation in parallel files only slows each other down.
    maxWorkers: 2,
    // The property tests run 1,000 cases each (about 2 s alone); a busy CI machine must not turn
    // that into a timeout.
    testTimeout: 30_000,
  },
});
