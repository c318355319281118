// Every vitest project in the workspace sets its test and hook timeouts as hang guards a busy
// machine cannot trip (vitest's own defaults are 5 s and 10 s, which a loaded two-core machine
// running every suite at once can exceed with a healthy test). Kept beside the runtime locator
// because the runtime suites are the ones that timed out under load.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const MIN_MS = 120_000;

function configs() {
  const dirs = [
    ...readdirSync(join(root, "packages")).map((name) => join("packages", name)),
    "scripts",
    "examples",
    join("tools", "node-lines"),
  ];
  return dirs.flatMap((dir) =>
    ["vitest.config.ts", "vitest.config.js"]
      .map((file) => join(dir, file))
      .filter((file) => {
        try {
          readFileSync(join(root, file));
          return true;
        } catch {
          return false;
        }
      }),
  );
}

it("every vitest config sets testTimeout and hookTimeout to at least 120 s", () => {
  const found = configs();
  expect(found.length).toBeGreaterThanOrEqual(8);
  const problems = [];
  for (const file of found) {
    const text = readFileSync(join(root, file), "utf8");
    for (const option of ["testTimeout", "hookTimeout"]) {
      const values = [...text.matchAll(new RegExp(`${option}:\\s*([\\d_]+)`, "g"))].map((m) =>
        Number(m[1].replaceAll("_", "")),
      );
      if (values.length === 0) problems.push(`${file}: no ${option} (vitest's default is seconds)`);
      for (const value of values)
        if (value < MIN_MS) problems.push(`${file}: ${option} ${value} ms is below ${MIN_MS}`);
    }
  }
  expect(problems).toEqual([]);
});

it("test scripts that pass --testTimeout or --hookTimeout pass at least 120 s", () => {
  const problems = [];
  for (const file of configs().map((config) => join(config, "..", "package.json"))) {
    const { scripts = {} } = JSON.parse(readFileSync(join(root, file), "utf8"));
    for (const [name, script] of Object.entries(scripts))
      for (const [, option, value] of script.matchAll(/--(testTimeout|hookTimeout)[= ](\d+)/g))
        if (Number(value) < MIN_MS) problems.push(`${file} ${name}: --${option}=${value}`);
  }
  expect(problems).toEqual([]);
});
