import type { SpecDiff } from "./diff.js";

/** The packages whose version follows the spec (linked in .changeset/config.json). */
export const SPEC_PACKAGES = ["@d360-messaging/types", "@d360-messaging/client"] as const;

/** A changeset to write: file name under .changeset/ and its Markdown. */
export interface ChangesetFile {
  name: string;
  content: string;
}

/**
 * The changeset for a spec update, or null when the effective spec did not
 * change. The summary names the old and new spec versions; each change is one
 * bullet line prefixed with its bump, major first.
 */
export function renderChangeset(
  diff: SpecDiff,
  versions: { before: string | undefined; after: string },
  specSha256: string,
): ChangesetFile | null {
  if (diff.bump === null) return null;
  const frontmatter = SPEC_PACKAGES.map((pkg) => `"${pkg}": ${diff.bump}`).join("\n");
  const from = versions.before === undefined ? "" : ` from ${versions.before}`;
  const lines = diff.changes.map((change) => `- ${change.bump}: ${change.text}`).join("\n");
  const slug = versions.after.replace(/[^A-Za-z0-9]+/g, "-");
  return {
    // The spec hash keeps two updates to the same info.version apart.
    name: `spec-update-${slug}-${specSha256.slice(0, 8)}.md`,
    content: `---\n${frontmatter}\n---\n\nUpdate the 360dialog Messaging API spec${from} to ${versions.after} (\`pnpm spec:update\`).\n\n${lines}\n`,
  };
}
