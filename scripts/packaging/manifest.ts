import { existsSync } from "node:fs";
import * as path from "node:path";
import type { PackedPackage } from "./pack.js";
import type { Manifest } from "./workspace.js";

const DEPENDENCY_FIELDS = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
] as const;

/**
 * Range protocols that only mean something inside this workspace. pnpm rewrites
 * `workspace:` and `catalog:` on pack and publish; if one survives (a package
 * packed with npm, or a pnpm bug), every consumer's install fails.
 */
const LOCAL_PROTOCOL = /^(workspace|catalog|link|file|portal|patch):/;

/**
 * Tools that are never needed at a consumer's runtime. Listing one in
 * `dependencies` makes every consumer download it (typescript is ~20 MB).
 * `@types/*` belongs to the consumer's own devDependencies too: pinning it
 * here would fight their Node version.
 */
const DEV_ONLY =
  /^(typescript|vitest|tsx|esbuild|turbo|publint|fast-check|miniflare|deno|bun|typedoc|@biomejs\/.*|@changesets\/.*|@arethetypeswrong\/.*|@types\/.*)$/;

/**
 * The publishing contract from issue 6, checked on the packed package.json: what publint and
 * attw do not check (workspace ranges that survived packing, tools in dependencies, our
 * engines/publishConfig/README rules).
 */
export function checkManifest(packed: PackedPackage): string[] {
  const problems: string[] = [];
  const m = packed.manifest;

  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(m[field] ?? {})) {
      if (LOCAL_PROTOCOL.test(range)) {
        problems.push(
          `${field}.${name} is "${range}" in the packed package.json: a registry install cannot resolve it`,
        );
      }
    }
  }

  const dependencies = m.dependencies ?? {};
  for (const name of Object.keys(dependencies)) {
    if (m.devDependencies && name in m.devDependencies) {
      problems.push(`${name} is in both dependencies and devDependencies: decide which one it is`);
    }
    if (DEV_ONLY.test(name)) {
      problems.push(
        `${name} is a development tool but is listed in dependencies: move it to devDependencies`,
      );
    }
  }

  if (m.type !== "module")
    problems.push(`"type" is ${JSON.stringify(m.type)}, want "module" (ESM only)`);
  if (m.sideEffects !== false && !Array.isArray(m.sideEffects)) {
    problems.push(
      `"sideEffects" is ${JSON.stringify(m.sideEffects)}, want false (or the list of files that have them)`,
    );
  }
  if (m.engines?.node !== ">=20.19") {
    problems.push(
      `"engines.node" is ${JSON.stringify(m.engines?.node)}, want ">=20.19" (the first Node that can require() ESM)`,
    );
  }
  if (m.publishConfig?.access !== "public")
    problems.push(`"publishConfig.access" must be "public" for a scoped package`);
  if (m.publishConfig?.provenance !== true)
    problems.push(`"publishConfig.provenance" must be true`);
  if (!Array.isArray(m.files) || m.files.length === 0) {
    problems.push(
      `"files" is missing: without it npm publishes everything not ignored, tests and sources included`,
    );
  }
  problems.push(...checkExportsShape(m));

  for (const required of ["LICENSE", "README.md"]) {
    if (!packed.files.has(required)) problems.push(`${required} is not in the tarball`);
  }
  problems.push(...checkReadme(packed));
  // npm does not add CHANGELOG.md on its own when "files" is set; changesets
  // writes it on the first `pnpm version-packages`, and from then on it ships.
  if (
    existsSync(path.join(packed.source.dir, "CHANGELOG.md")) &&
    !packed.files.has("CHANGELOG.md")
  ) {
    problems.push(`CHANGELOG.md exists but is not in the tarball: add it to "files"`);
  }
  problems.push(...checkPackedFiles(packed));
  return problems;
}

// What publint and attw already report is theirs: condition order ("types" first), targets and
// bins missing from the tarball or without a shebang, entries whose types do not resolve, a
// missing license. What follows is only what they do not know: this repository's contract.
function checkExportsShape(m: Manifest): string[] {
  const exportsField = m.exports;
  if (typeof exportsField !== "object" || exportsField === null || Array.isArray(exportsField)) {
    return [`"exports" must be a subpath map ({ ".": …, "./package.json": … })`];
  }
  const map = exportsField as Record<string, unknown>;
  return map["./package.json"] === "./package.json"
    ? []
    : [`"exports" needs "./package.json": "./package.json" so tools can read the version`];
}

/**
 * The README is the package's page on npm. Issue 6 asks each one for an install
 * command and to say that the package is ESM only; both are cheap to check, and
 * easy to lose when a README is rewritten.
 */
function checkReadme(packed: PackedPackage): string[] {
  const readme = packed.files.get("README.md")?.data.toString("utf8");
  if (readme === undefined) return [];
  const problems: string[] = [];
  const name = packed.manifest.name.replace(/[/.]/g, "\\$&");
  if (!new RegExp(`(npm (install|i)|pnpm add|yarn add|bun add)\\b[^\\n]*${name}`).test(readme)) {
    problems.push(`README.md has no install command for ${packed.manifest.name}`);
  }
  if (!/ESM[ -]only/i.test(readme)) problems.push(`README.md does not say the package is ESM only`);
  return problems;
}

/** Files that must not ship, and source maps that point at files that do not. */
function checkPackedFiles(packed: PackedPackage): string[] {
  const problems: string[] = [];
  for (const name of packed.files.keys()) {
    if (
      /\.test(-d)?\.[cm]?[jt]sx?$|\.test\.d\.[cm]?ts$|\.tsbuildinfo$/.test(name) ||
      /(^|\/)(test|tests|__tests__)\//.test(name)
    ) {
      problems.push(
        `${name} is a test or build artefact but is in the tarball: exclude it in "files"`,
      );
    }
  }
  const brokenMaps: string[] = [];
  for (const [name, entry] of packed.files) {
    if (!name.endsWith(".map")) continue;
    let sources: unknown;
    try {
      ({ sources } = JSON.parse(entry.data.toString("utf8")) as { sources?: unknown });
    } catch {
      problems.push(`${name} is not valid JSON`);
      continue;
    }
    const dir = name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "";
    const missing = (Array.isArray(sources) ? sources : [])
      .filter((source): source is string => typeof source === "string" && !/^[a-z]+:/.test(source))
      .map((source) => normalise(`${dir}/${source}`))
      .find((resolved) => !packed.files.has(resolved));
    if (missing) brokenMaps.push(`${name} -> ${missing}`);
  }
  if (brokenMaps.length > 0) {
    // A map whose source is missing sends "go to definition" and stack traces nowhere.
    problems.push(
      `${brokenMaps.length} source map(s) point at files not in the tarball (ship the sources or drop the maps), e.g. ${brokenMaps[0]}`,
    );
  }
  return problems;
}

function normalise(file: string): string {
  const out: string[] = [];
  for (const part of file.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}
