import type { SpecDiff } from "./diff.js";
import { LAYOUT } from "./layout.js";

/**
 * The published packages whose output is generated from the spec, with the generated files
 * that go into each. @d360-messaging/cli is not here: it is compiled with tsc and imports
 * @d360-messaging/mock-server as a dependency (packages/cli/package.json), so it bundles no
 * spec; changesets' `updateInternalDependencies` moves its dependency range when mock-server
 * is released.
 */
export const SPEC_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  "@d360-messaging/types": [LAYOUT.typesSchema, LAYOUT.typesVersion],
  "@d360-messaging/client": [
    LAYOUT.clientOperations,
    LAYOUT.clientNamespaces,
    LAYOUT.clientMethods,
  ],
  // The mock answers every operation from the spec it bundles: it gains or loses routes.
  "@d360-messaging/mock-server": [LAYOUT.mockSpec],
};

/** The packages of {@link SPEC_OUTPUTS} with a generated file among `changedFiles` (repo-relative). */
export function changedPackages(changedFiles: readonly string[]): string[] {
  const changed = new Set(changedFiles);
  return Object.entries(SPEC_OUTPUTS)
    .filter(([, files]) => files.some((file) => changed.has(file)))
    .map(([pkg]) => pkg);
}

/** A changeset to write: file name under .changeset/ and its Markdown. */
export interface ChangesetFile {
  name: string;
  content: string;
}

/**
 * The changeset for a spec update, or null when the effective spec did not
 * change (or no package's output did). It names every package in `packages`
 * with the bump of the diff; the summary names the old and new spec versions
 * ("still at" when the version did not move); each change is one bullet line
 * prefixed with its bump, major first.
 */
export function renderChangeset(
  diff: SpecDiff,
  versions: { before: string | undefined; after: string },
  specSha256: string,
  packages: readonly string[],
): ChangesetFile | null {
  if (diff.bump === null || packages.length === 0) return null;
  const frontmatter = packages.map((pkg) => `"${pkg}": ${diff.bump}`).join("\n");
  const summary =
    versions.before === undefined
      ? `Update the 360dialog Messaging API spec to ${versions.after}`
      : versions.before === versions.after
        ? `Update the 360dialog Messaging API spec (still at ${versions.after})`
        : `Update the 360dialog Messaging API spec from ${versions.before} to ${versions.after}`;
  const lines = diff.changes.map((change) => `- ${change.bump}: ${change.text}`).join("\n");
  const slug = versions.after.replace(/[^A-Za-z0-9]+/g, "-");
  return {
    // The spec hash keeps two updates to the same info.version apart.
    name: `spec-update-${slug}-${specSha256.slice(0, 8)}.md`,
    content: `---\n${frontmatter}\n---\n\n${summary} (\`pnpm spec:update\`).\n\n${lines}\n`,
  };
}
