// The README's example is examples/quickstart.ts verbatim, and it prints what the README says.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(packageDir, "README.md"), "utf8");

/** The first two fenced blocks after `marker`. */
function blocksAfter(marker: string): string[] {
  const at = readme.indexOf(marker);
  expect(at).toBeGreaterThan(-1);
  return [...readme.slice(at).matchAll(/```[a-z]*\n([\s\S]*?)```/g)]
    .slice(0, 2)
    .map((m) => m[1] as string);
}

it("shows examples/quickstart.ts as it is, and its real output", { timeout: 300_000 }, async () => {
  const [code, output] = blocksAfter("<!-- example: examples/quickstart.ts -->");
  expect(code).toBe(readFileSync(join(packageDir, "examples/quickstart.ts"), "utf8"));
  const { stdout } = await promisify(execFile)(
    join(packageDir, "node_modules/.bin/tsx"),
    ["examples/quickstart.ts"],
    {
      cwd: packageDir,
      timeout: 240_000, // a hang guard, not a speed check
    },
  );
  expect(stdout).toBe(output);
});

it("shows examples/messaging.ts as it is (compiled by the typecheck task)", () => {
  const [code] = blocksAfter("<!-- example: examples/messaging.ts -->");
  expect(code).toBe(readFileSync(join(packageDir, "examples/messaging.ts"), "utf8"));
});
