import semver from "semver";
import { SpecLoadError, SpecMergeConflictError } from "./errors.js";
import { isJsonObject, type JsonObject, type JsonValue, jsonEqual, jsonPointer } from "./json.js";
import { assertOpenApiDocument, type SourceDocument } from "./load.js";

/**
 * How deep each top-level field is merged key by key before two definitions
 * must be identical. The vendor publishes one document per operation, each
 * repeating the shared parts (info, servers, security, shared components), so:
 * paths merge by path then method, webhooks by name then method, components by
 * type then name; info by field (its version apart, below); tags by name
 * (below); everything else is one unit.
 */
const MERGE_DEPTH: Readonly<Record<string, number>> = {
  paths: 2,
  webhooks: 2,
  components: 2,
  info: 1,
};

/** One upstream document and the `info.version` it was published under. */
export interface SourceVersion {
  source: string;
  /** The document's `info.version`, or undefined when it has none. */
  version: string | undefined;
}

/** Each document's `info.version`, in the order given. */
export function sourceVersions(sources: readonly SourceDocument[]): SourceVersion[] {
  return sources.map(({ source, document }) => {
    const version = isJsonObject(document.info) ? document.info.version : undefined;
    return { source, version: typeof version === "string" ? version : undefined };
  });
}

/**
 * The effective spec's version: the highest `info.version` of the documents
 * (semver order). The vendor publishes one document per tag and bumps only the
 * pages whose tag changed (Encryption at 1.41.0 while Messages is at 1.44.0),
 * so the set as a whole is as new as its newest document. Versions must be
 * semver only when they differ: otherwise there is nothing to order.
 */
export function effectiveVersion(versions: readonly SourceVersion[]): string | undefined {
  const known = versions.filter((v): v is { source: string; version: string } => !!v.version);
  const distinct = new Set(known.map((v) => v.version));
  if (distinct.size <= 1) return known[0]?.version;
  for (const { source, version } of known) {
    if (semver.valid(version) === null) {
      throw new SpecLoadError(
        source,
        `info.version ${JSON.stringify(version)} is not a semantic version (MAJOR.MINOR.PATCH), ` +
          "so it cannot be ordered against the other documents' versions " +
          `(${[...distinct].join(", ")}). Correct it with an overlay in spec/overlays/ or ask the vendor.`,
      );
    }
  }
  return [...distinct].sort(semver.rcompare)[0];
}

/**
 * Merges upstream OpenAPI documents into one. Identical duplicates are kept
 * once; a duplicate that differs throws {@link SpecMergeConflictError} naming
 * both files and the JSON pointer. Key order follows first appearance, which
 * does not matter: the result is written in canonical (sorted) form.
 */
export function mergeDocuments(sources: readonly SourceDocument[]): JsonObject {
  const merged: JsonObject = {};
  // JSON pointer → the file that first defined it, for conflict messages.
  const origin = new Map<string, string>();
  for (const source of sources) {
    assertOpenApiDocument(source);
    for (const [key, value] of Object.entries(source.document)) {
      if (key === "tags" && Array.isArray(value)) {
        mergeTags(merged, value, source.source, origin);
      } else if (key === "info" && isJsonObject(value)) {
        // Every other info field must agree; the version is chosen below.
        const { version: _, ...rest } = value;
        mergeInto(merged, key, rest, [key], MERGE_DEPTH[key] ?? 0, source.source, origin);
      } else {
        mergeInto(merged, key, value, [key], MERGE_DEPTH[key] ?? 0, source.source, origin);
      }
    }
  }
  const version = effectiveVersion(sourceVersions(sources));
  if (version !== undefined && isJsonObject(merged.info)) merged.info.version = version;
  return merged;
}

function mergeInto(
  target: JsonObject,
  key: string,
  value: JsonValue,
  segments: string[],
  depth: number,
  source: string,
  origin: Map<string, string>,
): void {
  const pointer = jsonPointer(segments);
  const existing = target[key];
  if (existing === undefined) {
    target[key] = structuredClone(value);
    origin.set(pointer, source);
    return;
  }
  if (depth > 0 && isJsonObject(existing) && isJsonObject(value)) {
    for (const [childKey, childValue] of Object.entries(value)) {
      mergeInto(existing, childKey, childValue, [...segments, childKey], depth - 1, source, origin);
    }
    return;
  }
  if (!jsonEqual(existing, value)) {
    throw new SpecMergeConflictError(pointer, firstSource(origin, segments), source);
  }
}

/** Tags are an array of objects identified by name; merge them by name. */
function mergeTags(
  target: JsonObject,
  tags: JsonValue[],
  source: string,
  origin: Map<string, string>,
): void {
  if (!Array.isArray(target.tags)) target.tags = [];
  const merged = target.tags as JsonValue[];
  for (const tag of tags) {
    const name = isJsonObject(tag) ? tag.name : undefined;
    const index = merged.findIndex((t) => isJsonObject(t) && t.name === name);
    if (index === -1 || typeof name !== "string") {
      if (!merged.some((t) => jsonEqual(t, tag))) {
        origin.set(jsonPointer(["tags", merged.length]), source);
        merged.push(structuredClone(tag));
      }
    } else if (!jsonEqual(merged[index], tag)) {
      const pointer = jsonPointer(["tags", index]);
      throw new SpecMergeConflictError(
        `${pointer} (tag "${name}")`,
        origin.get(pointer) ?? "?",
        source,
      );
    }
  }
}

/** The file that defined the closest recorded ancestor of a pointer. */
function firstSource(origin: Map<string, string>, segments: string[]): string {
  for (let n = segments.length; n > 0; n--) {
    const found = origin.get(jsonPointer(segments.slice(0, n)));
    if (found !== undefined) return found;
  }
  return "?";
}
