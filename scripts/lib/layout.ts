import * as path from "node:path";

/**
 * Where the pipeline reads and writes, relative to the repository root. The
 * root is a parameter everywhere so that tests can run the pipeline on a copy
 * in a temporary directory.
 */
export const LAYOUT = {
  upstreamDir: "spec/upstream",
  overlaysDir: "spec/overlays",
  effectiveSpec: "spec/openapi.json",
  typesSchema: "packages/types/src/generated/schema.ts",
  typesVersion: "packages/types/src/generated/version.ts",
  clientOperations: "packages/client/src/generated/operations.ts",
  clientNamespaces: "packages/client/src/generated/namespaces.ts",
  clientMethods: "packages/client/src/generated/methods.ts",
  clientExtensionsDir: "packages/client/src/extensions",
  mockSpec: "packages/mock-server/src/generated/spec.ts",
  clientPackageJson: "packages/client/package.json",
  changesetDir: ".changeset",
} as const;

/** The repository root of this checkout (two levels above this file). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Absolute path of a repo-relative path under `root`. */
export function inRoot(root: string, relative: string): string {
  return path.join(root, ...relative.split("/"));
}
