import * as path from "node:path";
import { describeFailure, run } from "./run.js";
import { readTarball, type TarEntry } from "./tarball.js";
import type { Manifest, WorkspacePackage } from "./workspace.js";

/** A package as a consumer would receive it from the registry. */
export interface PackedPackage {
  source: WorkspacePackage;
  tarball: string;
  files: Map<string, TarEntry>;
  /** The package.json inside the tarball, after pnpm rewrote `workspace:` and `catalog:` ranges. */
  manifest: Manifest;
}

/**
 * `pnpm pack` (not `npm pack`): pnpm is what rewrites `workspace:^` and `catalog:`
 * ranges, and `changeset publish` publishes through pnpm in a pnpm workspace, so
 * this is the same tarball the release job uploads.
 */
export async function packPackage(
  pkg: WorkspacePackage,
  destination: string,
): Promise<PackedPackage> {
  const args = ["pack", "--json", "--pack-destination", destination];
  const result = await run("pnpm", args, { cwd: pkg.dir, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(describeFailure("pnpm", args, result));
  // pnpm may print lifecycle output before the JSON document; take the document.
  const json = result.stdout.slice(result.stdout.indexOf("{"));
  const { filename } = JSON.parse(json) as { filename: string };
  const tarball = path.resolve(destination, filename);
  const files = readTarball(tarball);
  const manifestEntry = files.get("package.json");
  if (!manifestEntry) throw new Error(`${pkg.name}: the tarball has no package.json`);
  const manifest = JSON.parse(manifestEntry.data.toString("utf8")) as Manifest;
  return { source: pkg, tarball, files, manifest };
}
