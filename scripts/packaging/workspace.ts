import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: this file lives in scripts/packaging/. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The package.json fields the checks read. Everything else passes through untouched. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  license?: string;
  sideEffects?: boolean | string[];
  exports?: unknown;
  files?: string[];
  bin?: string | Record<string, string>;
  engines?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** A publishable package in packages/*. */
export interface WorkspacePackage {
  name: string;
  /** Directory name under packages/, e.g. "client": what `--only` takes. */
  short: string;
  dir: string;
  manifest: Manifest;
}

export function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

/** Every non-private package under packages/, sorted by directory name. */
export function publishablePackages(root = repoRoot): WorkspacePackage[] {
  const packagesDir = path.join(root, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(path.join(packagesDir, entry.name, "package.json")),
    )
    .map((entry) => {
      const dir = path.join(packagesDir, entry.name);
      const manifest = readManifest(path.join(dir, "package.json"));
      return { name: manifest.name, short: entry.name, dir, manifest };
    })
    .filter((pkg) => pkg.manifest.private !== true)
    .sort((a, b) => a.short.localeCompare(b.short));
}

/** The runtime dependency names of a manifest, from every field npm installs for a consumer. */
export function runtimeDependencyNames(manifest: Manifest): string[] {
  return [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ];
}

/**
 * Narrows the set to the packages named by `--only` plus everything they depend on
 * inside the workspace: a consumer cannot install the client without the types and
 * keys tarballs, and fetching those from the registry instead would test the wrong code.
 */
export function selectWithInternalDependencies(
  all: readonly WorkspacePackage[],
  only: readonly string[],
): WorkspacePackage[] {
  const byKey = new Map<string, WorkspacePackage>();
  for (const pkg of all) {
    byKey.set(pkg.short, pkg);
    byKey.set(pkg.name, pkg);
  }
  const unknown = only.filter((key) => !byKey.has(key));
  if (unknown.length > 0) {
    throw new Error(
      `--only: no publishable package called ${unknown.join(", ")} (have: ${all.map((p) => p.short).join(", ")})`,
    );
  }
  const selected = new Set<WorkspacePackage>();
  const visit = (pkg: WorkspacePackage) => {
    if (selected.has(pkg)) return;
    selected.add(pkg);
    for (const dep of runtimeDependencyNames(pkg.manifest)) {
      const internal = byKey.get(dep);
      if (internal) visit(internal);
    }
  };
  for (const key of only) visit(byKey.get(key) as WorkspacePackage);
  return all.filter((pkg) => selected.has(pkg));
}
