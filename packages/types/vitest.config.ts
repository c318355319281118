import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type tests (*.test-d.ts: expectTypeOf, @ts-expect-error) are checked by the typecheck task
    // (tsc --noEmit over tsconfig.json, which includes test/); vitest's typecheck would run the
    // same tsc a second time.
  },
});
