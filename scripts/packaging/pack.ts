import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { pack, unpack } from "@publint/pack";
import type { Manifest, WorkspacePackage } from "./workspace.js";

/** A package as a consumer would receive it from the registry. */
export interface PackedPackage {
  source: WorkspacePackage;
  tarball: string;
  /** The tarball's files by path relative to the package root (no leading `package/`). */
  files: Map<string, { data: Buffer }>;
  /** The package.json inside the tarball, after pnpm rewrote `workspace:` and `catalog:` ranges. */
  manifest: Manifest;
}

/**
 * `pnpm pack` (not `npm pack`): pnpm is what rewrites `workspace:^` and `catalog:` ranges, and
 * `changeset publish` publishes through pnpm in a pnpm workspace, so this is the same tarball
 * the release job uploads. Packing and reading the tarball are publint's own `@publint/pack`,
 * the code publint itself runs, rather than a tar reader of ours.
 */
export async function packPackage(
  pkg: WorkspacePackage,
  destination: string,
): Promise<PackedPackage> {
  const tarball = path.resolve(await pack(pkg.dir, { packageManager: "pnpm", destination }));
  const { files: entries, rootDir } = await unpack(new Uint8Array(await readFile(tarball)));
  const files = new Map<string, { data: Buffer }>();
  for (const entry of entries) {
    files.set(entry.name.slice(rootDir.length + 1), { data: Buffer.from(entry.data) });
  }
  const manifestEntry = files.get("package.json");
  if (!manifestEntry) throw new Error(`${pkg.name}: the tarball has no package.json`);
  const manifest = JSON.parse(manifestEntry.data.toString("utf8")) as Manifest;
  return { source: pkg, tarball, files, manifest };
}
