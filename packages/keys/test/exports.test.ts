import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as webSource from "../src/index.js";
import * as nodeSource from "../src/index.node.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PUBLIC_NAMES = [
  "KeyFormatError",
  "MAX_PBKDF2_ITERATIONS",
  "derivePublicKey",
  "generateKeyPair",
  "importPrivateKey",
  "isKeyFormatError",
  "parsePublicKey",
  "publicKeyFingerprint",
];

// The two builds' signatures are compared in exports.test-d.ts (tsc, in the typecheck task).
describe("the two builds", () => {
  it("export the same runtime names, and only the public API", () => {
    expect(Object.keys(webSource).sort()).toEqual(PUBLIC_NAMES);
    expect(Object.keys(nodeSource).sort()).toEqual(PUBLIC_NAMES);
  });

  it("the package's exports map resolves node to the fallback build, everything else to the web build", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      exports: Record<string, Record<string, string>>;
    };
    expect(Object.entries(pkg.exports["."] ?? {})).toEqual([
      ["types", "./dist/index.d.ts"],
      ["node", "./dist/index.node.js"],
      ["default", "./dist/index.js"],
    ]);
  });
});

describe.skipIf(!existsSync(join(root, "dist/index.js")))(
  "the built web bundle (run the build first)",
  () => {
    /** Every module reachable from an entry by relative imports. */
    function graph(entry: string): Map<string, string> {
      const seen = new Map<string, string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        const source = readFileSync(file, "utf8");
        seen.set(file, source);
        for (const match of source.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
          visit(join(dirname(file), match[1] ?? ""));
        }
      };
      visit(join(root, entry));
      return seen;
    }

    it("dist/index.js reaches no node: module and not the fallback", () => {
      const modules = graph("dist/index.js");
      expect(modules.size).toBeGreaterThan(10);
      for (const [file, source] of modules) {
        expect(source, file).not.toMatch(/["']node:/);
        expect(file).not.toContain(`${join("dist", "node")}`);
      }
    });

    it("dist/index.node.js reaches node:crypto only through dist/node/", () => {
      for (const [file, source] of graph("dist/index.node.js")) {
        if (/["']node:/.test(source)) expect(file).toContain(join("dist", "node", "fallback.js"));
      }
    });

    it("both built entries load and export the public API", async () => {
      const webDist = (await import("../dist/index.js")) as Record<string, unknown>;
      const nodeDist = (await import("../dist/index.node.js")) as Record<string, unknown>;
      expect(Object.keys(webDist).sort()).toEqual(PUBLIC_NAMES);
      expect(Object.keys(nodeDist).sort()).toEqual(PUBLIC_NAMES);
    });
  },
);
