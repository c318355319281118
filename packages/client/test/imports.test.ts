// No import circle inside the package (ARCHITECTURE.md; issue 19 "The house at this size"):
// every relative import of src/, type-only ones included, walked as a graph. A cycle is reported
// with every file on it.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../src");

/** Every .ts file under `dir`, relative to src/. */
function files(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")
      ? [path.relative(SRC, full)]
      : [];
  });
}

/** The relative imports of a source text (static, type-only, re-exports, `import()`), as src/ paths. */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of text.matchAll(pattern)) {
    const target = path.join(path.dirname(file), match[1] as string).replace(/\.js$/, ".ts");
    found.push(target);
  }
  return found;
}

/** The first cycle found in `graph`, as the files on it (first repeated at the end), or []. */
export function findCycle(graph: Map<string, string[]>): string[] {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] => {
    if (state.get(node) === "done") return [];
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle.length) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return [];
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle.length) return cycle;
  }
  return [];
}

describe("imports inside packages/client/src", () => {
  it("form no cycle", () => {
    const graph = new Map(
      files().map((file) => [file, importsOf(file, readFileSync(path.join(SRC, file), "utf8"))]),
    );
    expect(graph.size).toBeGreaterThan(10);
    expect(findCycle(graph).join(" -> ")).toBe("");
  });

  it("the check sees a cycle through a type-only import and through import()", () => {
    const graph = new Map([
      ["a.ts", importsOf("a.ts", 'import type { B } from "./b.js";')],
      ["b.ts", importsOf("b.ts", 'const c = await import("./sub/c.js");')],
      ["sub/c.ts", importsOf("sub/c.ts", 'export { a } from "../a.js";')],
    ]);
    expect(findCycle(graph)).toEqual(["a.ts", "b.ts", "sub/c.ts", "a.ts"]);
  });
});
