// The portable-suite helper against a small package made here: a src/index.js the checks import
// for types and a dist/ that must be what runs, bundled with the real esbuild and run on the
// real runtimes; and every way a run can fail, which must be a failure carrying the output.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeLines } from "../index.js";
import {
  DEPRECATION,
  expectChecks,
  PORTABLE_TIMEOUT_MS,
  PortableRunError,
  parseChecks,
  portableSuite,
} from "../portable.js";

const GOOD = JSON.stringify([
  { name: "one", ok: true },
  { name: "two", ok: true },
]);
const ok = (stdout, more = {}) => ({
  command: "node cli.mjs",
  code: 0,
  stdout,
  stderr: "",
  ...more,
});

describe("parseChecks", () => {
  it("reads the prefixed line among other output", () => {
    const results = parseChecks("PKG", ok(`starting\nPKG_CHECKS ${GOOD}\nbye\n`));
    expect(results.map((r) => r.name)).toEqual(["one", "two"]);
  });

  const failures = [
    [
      "no checks line",
      ok(`OTHER_CHECKS ${GOOD}\n`, { stderr: "boom at line 3" }),
      /no PKG_CHECKS line/,
    ],
    [
      "a non-zero exit, even with a good line",
      ok(`PKG_CHECKS ${GOOD}\n`, { code: 1, stderr: "TypeError: boom" }),
      /the run failed \(exit 1\)/,
    ],
    [
      "a signal (the hang guard's SIGKILL)",
      ok(`PKG_CHECKS ${GOOD}\n`, { code: 128, signal: "SIGKILL" }),
      /killed by SIGKILL/,
    ],
    [
      "Node's deprecation warning on stderr",
      ok(`PKG_CHECKS ${GOOD}\n`, {
        stderr: "(node:42) [DEP0005] DeprecationWarning: Buffer() is deprecated",
      }),
      /a deprecation \("DEP0005"\) on stderr/,
    ],
    [
      "a bare DEP code on stderr",
      ok(`PKG_CHECKS ${GOOD}\n`, { stderr: "[DEP0204] something" }),
      /a deprecation/,
    ],
    [
      "Deno's or Bun's deprecated warning on stderr",
      ok(`PKG_CHECKS ${GOOD}\n`, { stderr: "warning: `Deno.run` is Deprecated" }),
      /a deprecation \("Deprecat"\)/,
    ],
    ["a line that is not JSON", ok("PKG_CHECKS [{oops\n", { stderr: "e" }), /not JSON/],
    [
      "a line that is not a list",
      ok('PKG_CHECKS {"name":"x","ok":true}\n', { stderr: "e" }),
      /not a list of checks/,
    ],
    [
      "a check without ok",
      ok('PKG_CHECKS [{"name":"x"}]\n', { stderr: "e" }),
      /not a list of checks/,
    ],
  ];
  for (const [name, output, reason] of failures) {
    it(`fails on ${name}, with the output in the message`, () => {
      let error;
      try {
        parseChecks("PKG", output);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PortableRunError);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain("node cli.mjs");
      expect(error.message).toContain(output.stdout);
      expect(error.message).toContain(output.stderr);
      expect(error.stdout).toBe(output.stdout);
      expect(error.stderr).toBe(output.stderr);
    });
  }

  it("DEPRECATION matches a deprecation word and nothing else", () => {
    expect(DEPRECATION.test("nothing here")).toBe(false);
    expect(DEPRECATION.test("this API is deprecated")).toBe(true);
  });

  it("keeps a hang guard of 120 s or more", () => {
    expect(PORTABLE_TIMEOUT_MS).toBeGreaterThanOrEqual(120_000);
  });
});

describe("expectChecks", () => {
  const two = [
    { name: "one", ok: true },
    { name: "two", ok: true },
  ];

  it("passes when every check passed and the count is the expected one", () => {
    expect(() => expectChecks(two, 2)).not.toThrow();
  });

  it("fails on a failed check, naming it with its detail", () => {
    const results = [two[0], { name: "two", ok: false, detail: "expected 200, got 401" }];
    expect(() => expectChecks(results, 2)).toThrow(
      /1 of 2 checks failed:\n- two: expected 200, got 401/,
    );
  });

  it("fails when fewer or more checks ran than expected (a check lost or added)", () => {
    expect(() => expectChecks(two, 3)).toThrow(/expected 3 checks, 2 ran: one, two/);
    expect(() => expectChecks(two, 1)).toThrow(/expected 1 checks, 2 ran/);
    expect(() => expectChecks([], 2)).toThrow(/expected 2 checks, 0 ran/);
  });
});

// A package in miniature. The checks import ../../src/index.js (which says "src") as the
// packages' checks do; what must run is dist/index.js ("dist") or, in cli-node.mjs,
// dist/index.node.js ("dist-node"). A command-line argument makes the Node run misbehave.
const pkg = mkdtempSync(join(tmpdir(), "portable-fixture-"));
const files = {
  "package.json": JSON.stringify({ name: "@fixture/pkg", type: "module" }),
  "src/index.js": 'export const build = "src";\n',
  "dist/index.js": 'export const build = "dist";\n',
  "dist/index.node.js": 'export const build = "dist-node";\n',
  "test/portable/checks.ts": `import { build } from "../../src/index.js";
declare const FIXTURE_EXPECTED: string;
export function runChecks() {
  return [
    { name: "built entry", ok: build === FIXTURE_EXPECTED || build === "dist-node", detail: build },
    { name: "define", ok: FIXTURE_EXPECTED === "dist" },
  ];
}
`,
  "test/portable/cli.ts": `import { runChecks } from "./checks.js";
declare const FIXTURE_MODE: string | undefined;
const mode = FIXTURE_MODE ?? (globalThis as { process?: { argv: string[] } }).process?.argv[2];
if (mode !== "silent") console.log(\`FIXTURE_CHECKS \${JSON.stringify(runChecks())}\`);
if (mode === "exit") (globalThis as any).process.exit(3);
if (mode === "warn") (globalThis as any).process.emitWarning("old API", "DeprecationWarning", "DEP0999");
if (mode === "throw") throw new Error("checks crashed");
`,
  "test/portable/worker.ts": `import { runChecks } from "./checks.js";
declare const FIXTURE_MODE: string | undefined;
export default {
  async fetch() {
    if (FIXTURE_MODE === "warn") return new Response("worker failed", { status: 500 });
    return Response.json(runChecks());
  },
};
`,
};
for (const [file, text] of Object.entries(files)) {
  mkdirSync(join(pkg, file, ".."), { recursive: true });
  writeFileSync(join(pkg, file), text);
}
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe("portableSuite on a package made here", { timeout: PORTABLE_TIMEOUT_MS }, () => {
  const suite = portableSuite({
    build,
    packageDir: pkg,
    prefix: "FIXTURE",
    define: async () => ({ FIXTURE_EXPECTED: JSON.stringify("dist"), FIXTURE_MODE: "undefined" }),
    worker: true,
    nodeBuild: true,
  });
  beforeAll(suite.setup);
  afterAll(suite.teardown);
  const node = process.execPath;
  const cli = () => join(suite.dir, "cli.mjs");

  const expectDist = (results, build) => {
    expect(results).toEqual([
      { name: "built entry", ok: true, detail: build },
      { name: "define", ok: true },
    ]);
  };

  it("runs the built dist, not src, on Node (both builds)", async () => {
    expectDist(await suite.node(node), "dist");
    expectDist(await suite.node(node, "cli-node"), "dist-node");
  });

  it("runs the bundles on Deno and Bun", async () => {
    expectDist(await suite.deno(), "dist");
    expectDist(await suite.bun("cli-node"), "dist-node");
  });

  it("runs worker.mjs in workerd", async () => {
    expectDist(await suite.workerd(), "dist");
  });

  it("is the same on every Node line (--throw-deprecation is accepted)", async () => {
    for (const line of nodeLines().filter((l) => l.execPath !== undefined))
      expectDist(await suite.node(line.execPath), "dist");
  });

  const runs = [
    ["a non-zero exit after a good line", "exit", /the run failed \(exit 3\)/, "FIXTURE_CHECKS"],
    [
      "a deprecation on stderr with exit 0",
      "warn",
      /a deprecation \("DEP0999"\) on stderr \(exit 0\)/,
      "DeprecationWarning: old API",
    ],
    ["no checks line", "silent", /no FIXTURE_CHECKS line \(exit 0\)/, "--- stdout ---"],
    ["a crash", "throw", /the run failed \(exit 1\)/, "checks crashed"],
  ];
  for (const [name, mode, reason, output] of runs) {
    it(`reports ${name} as a failure, with the output`, async () => {
      const error = await suite.run(node, [cli(), mode]).catch((caught) => caught);
      expect(error).toBeInstanceOf(PortableRunError);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain(output);
    });
  }

  it("throws a deprecation where it is raised on Node", async () => {
    // node() passes --throw-deprecation: the same warning is an uncaught error, a non-zero exit.
    const error = await suite
      .run(node, ["--throw-deprecation", cli(), "warn"])
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(PortableRunError);
    expect(error.message).toMatch(/the run failed \(exit 1\)/);
    expect(error.stderr).toContain("DEP0999");
  });

  it("says to build first when dist is missing, naming the package", async () => {
    const bare = mkdtempSync(join(tmpdir(), "portable-bare-"));
    try {
      writeFileSync(join(bare, "package.json"), JSON.stringify({ name: "@fixture/bare" }));
      const unbuilt = portableSuite({ build, packageDir: bare, prefix: "BARE" });
      await expect(unbuilt.setup()).rejects.toThrow(
        /dist\/index\.js is missing .*build first \(pnpm turbo run build --filter=@fixture\/bare\.\.\.\)/,
      );
      await expect(unbuilt.node(node)).rejects.toThrow(/call setup\(\)/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  describe("a package whose checks warn (and whose worker answers 500)", () => {
    const warning = portableSuite({
      build,
      packageDir: pkg,
      prefix: "FIXTURE",
      define: () => ({ FIXTURE_EXPECTED: JSON.stringify("dist"), FIXTURE_MODE: '"warn"' }),
      worker: true,
    });
    beforeAll(warning.setup);
    afterAll(warning.teardown);

    it("node() runs with --throw-deprecation: the warning ends the run", async () => {
      const error = await warning.node(node).catch((caught) => caught);
      expect(error).toBeInstanceOf(PortableRunError);
      expect(error.message).toMatch(/--throw-deprecation .*the run failed \(exit 1\)/);
      expect(error.stderr).toContain("DEP0999");
    });

    it("workerd() reports a worker that does not answer 200, with its body", async () => {
      const error = await warning.workerd().catch((caught) => caught);
      expect(error).toBeInstanceOf(PortableRunError);
      expect(error.message).toMatch(/the worker answered 500/);
      expect(error.message).toContain("worker failed");
    });
  });

  it("refuses workerd() without a worker bundle", async () => {
    const noWorker = portableSuite({ build, packageDir: pkg, prefix: "FIXTURE" });
    await expect(noWorker.workerd()).rejects.toThrow(/needs \{ worker: true \}/);
  });
});
