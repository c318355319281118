import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type tests (*.test-d.ts) run through tsc with the package's tsconfig.json.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
