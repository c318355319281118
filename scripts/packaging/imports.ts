import { existsSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import * as path from "node:path";
import ts from "typescript";
import type { PackedPackage } from "./pack.js";
import { runtimeDependencyNames } from "./workspace.js";

const SCANNED = /\.(?:[cm]?js|d\.[cm]?ts)$/;

/** "@scope/name/sub/path" → "@scope/name"; "name/sub" → "name". */
function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

function isBare(specifier: string): boolean {
  return !/^(\.|\/|[a-zA-Z]:[\\/]|data:|file:|https?:)/.test(specifier);
}

/**
 * Every package a published file names, from `import`/`export … from`, dynamic
 * `import()`, `require()` and `/// <reference types>`, keyed by package name with
 * the first file that named it. TypeScript's own pre-processor does the parsing
 * so comments and strings that merely look like imports are not counted.
 */
export function importedPackages(packed: PackedPackage): Map<string, string> {
  const found = new Map<string, string>();
  for (const [name, entry] of packed.files) {
    if (!SCANNED.test(name)) continue;
    const info = ts.preProcessFile(entry.data.toString("utf8"), true, true);
    const specifiers = [
      ...info.importedFiles.map((ref) => ref.fileName),
      ...info.typeReferenceDirectives.map((ref) => ref.fileName),
    ];
    for (const specifier of specifiers) {
      if (!isBare(specifier) || specifier.startsWith("node:") || isBuiltin(specifier)) continue;
      const pkg = packageNameOf(specifier);
      if (!found.has(pkg)) found.set(pkg, name);
    }
  }
  return found;
}

/**
 * A devDependency leaks when published code imports it: it is there in the
 * workspace, so every test passes, and missing for every consumer. The reverse
 * (a dependency nothing imports) costs every consumer an install for nothing.
 */
export function checkImports(packed: PackedPackage): string[] {
  const problems: string[] = [];
  const manifest = packed.manifest;
  const declared = new Set(runtimeDependencyNames(manifest));
  const imported = importedPackages(packed);
  for (const [pkg, file] of imported) {
    if (pkg === manifest.name || declared.has(pkg)) continue;
    const where =
      manifest.devDependencies && pkg in manifest.devDependencies
        ? "only a devDependency"
        : "not a dependency";
    problems.push(
      `${file} imports "${pkg}", which is ${where}: consumers will not have it installed`,
    );
  }
  const peersOfDependencies = peerDependenciesOf(packed);
  for (const pkg of Object.keys(manifest.dependencies ?? {})) {
    if (!imported.has(pkg) && !peersOfDependencies.has(pkg)) {
      problems.push(
        `dependency "${pkg}" is imported by no published file: drop it or make it a devDependency`,
      );
    }
  }
  return problems;
}

/**
 * Names that a dependency declares as its peer dependencies: listing one of them
 * is how a package satisfies that peer (mock-server lists `hono` because
 * `@hono/node-server` needs it beside it), so it counts as used. Read from the
 * workspace install, where pnpm links each dependency into the package folder.
 */
function peerDependenciesOf(packed: PackedPackage): Set<string> {
  const peers = new Set<string>();
  for (const dep of Object.keys(packed.manifest.dependencies ?? {})) {
    const file = path.join(packed.source.dir, "node_modules", dep, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as {
      peerDependencies?: Record<string, string>;
    };
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) peers.add(peer);
  }
  return peers;
}
