import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The spec:update and generate tests run openapi-typescript and tsc over the whole spec; in
    // `pnpm test` they share two cores with every other suite, where one can take well over
    // vitest's default 5 s. This only stops a hung test, as in the packages' configs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
