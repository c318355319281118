import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "vitest-mock",
    include: ["**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
  },
});
