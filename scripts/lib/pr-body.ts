/**
 * The body of the weekly spec-update pull request (.github/workflows/spec-update.yml): which
 * operations were added, changed and removed, and the bump per package, from the same
 * comparison the changeset is written from (scripts/lib/diff.ts).
 */
import { SPEC_OUTPUTS } from "./changeset.js";
import { diffSpecs, type SpecChange } from "./diff.js";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  resolvePointer,
} from "./json.js";
import { eachOperation } from "./operations.js";

/** One operation of a spec: `GET /path` and what the comparison needs of it. */
interface Operation {
  label: string;
  operationId: string | undefined;
  /** The operation with its path-level parameters, as compared. */
  definition: JsonObject;
  /** Names of the component schemas it reaches through `$ref`s. */
  schemas: Set<string>;
}

/** Names of the component schemas `value` reaches, following `$ref`s through components. */
function reachedSchemas(spec: JsonObject, value: JsonValue | undefined): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (node: JsonValue | undefined): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isJsonObject(node)) return;
    const ref = node.$ref;
    if (typeof ref === "string" && ref.startsWith("#/") && !seen.has(ref)) {
      seen.add(ref);
      const segments = ref
        .slice(2)
        .split("/")
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      if (segments[0] === "components" && segments[1] === "schemas" && segments[2]) {
        found.add(segments[2]);
      }
      visit(resolvePointer(spec, ref));
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(value);
  return found;
}

function operations(spec: JsonObject): Map<string, Operation> {
  const result = new Map<string, Operation>();
  for (const { path, method, item, operation } of eachOperation(spec)) {
    const label = `${method.toUpperCase()} ${path}`;
    const definition: JsonObject = { ...operation, pathParameters: item.parameters ?? [] };
    result.set(label, {
      label,
      operationId: typeof operation.operationId === "string" ? operation.operationId : undefined,
      definition,
      schemas: reachedSchemas(spec, definition),
    });
  }
  return result;
}

const schemaOf = (spec: JsonObject, name: string) => {
  const components = isJsonObject(spec.components) ? spec.components : {};
  return isJsonObject(components.schemas) ? components.schemas[name] : undefined;
};

/** What the pull request body reports. */
export interface SpecUpdateSummary {
  added: string[];
  removed: string[];
  /** Changed operations, each with the changeset lines that concern it. */
  changed: { operation: string; changes: SpecChange[] }[];
  /** Each package generated from the spec with its bump (none when the spec did not change). */
  bumps: { package: string; bump: string }[];
  /** Every classified change (the changeset's lines). */
  changes: SpecChange[];
  /**
   * What the run has to tell besides: corrections of Meta's schema that no longer apply because
   * a vendor page took their operation over (scripts/lib/projection-overlays.ts).
   */
  notes?: string[];
}

const name = (op: Operation) => `\`${op.label}\`${op.operationId ? ` (${op.operationId})` : ""}`;

/**
 * Compares two effective specs operation by operation. An operation changed when its own
 * definition (with its path-level parameters) or a component schema it reaches differs.
 */
export function summarizeSpecUpdate(before: JsonObject, after: JsonObject): SpecUpdateSummary {
  const diff = diffSpecs(before, after);
  const old = operations(before);
  const now = operations(after);
  const added = [...now.values()].filter((op) => !old.has(op.label)).map(name);
  const removed = [...old.values()].filter((op) => !now.has(op.label)).map(name);
  const changed: SpecUpdateSummary["changed"] = [];
  for (const op of now.values()) {
    const previous = old.get(op.label);
    if (!previous) continue;
    const schemas = [...new Set([...previous.schemas, ...op.schemas])].filter(
      (schema) => !jsonEqual(schemaOf(before, schema), schemaOf(after, schema)),
    );
    if (jsonEqual(previous.definition, op.definition) && schemas.length === 0) continue;
    const mentions = (text: string) =>
      text.startsWith(`${op.label}:`) ||
      schemas.some(
        (schema) => text.startsWith(`schema ${schema}:`) || text.startsWith(`schema ${schema}.`),
      );
    changed.push({ operation: name(op), changes: diff.changes.filter((c) => mentions(c.text)) });
  }
  const bump = diff.bump;
  return {
    added,
    removed,
    changed,
    bumps: bump === null ? [] : Object.keys(SPEC_OUTPUTS).map((pkg) => ({ package: pkg, bump })),
    changes: diff.changes,
  };
}

/** The pull request body in Markdown. */
export function renderPullRequestBody(summary: SpecUpdateSummary): string {
  const list = (items: string[]) =>
    items.length === 0 ? "- none" : items.map((i) => `- ${i}`).join("\n");
  const changed =
    summary.changed.length === 0
      ? "- none"
      : summary.changed
          .map(
            ({ operation, changes }) =>
              `- ${operation}${changes.map((c) => `\n  - ${c.bump}: ${c.text}`).join("")}`,
          )
          .join("\n");
  const bumps =
    summary.bumps.length === 0
      ? "The effective spec did not change: no package is released."
      : `| package | bump |\n| --- | --- |\n${summary.bumps.map((b) => `| \`${b.package}\` | ${b.bump} |`).join("\n")}`;
  const notes =
    summary.notes && summary.notes.length > 0 ? `\n## Notes\n\n${list(summary.notes)}\n` : "";
  return `## Operations

### Added (${summary.added.length})
${list(summary.added)}

### Changed (${summary.changed.length})
${changed}

### Removed (${summary.removed.length})
${list(summary.removed)}

## Bump per package

${bumps}
${notes}
<details><summary>Every change (${summary.changes.length}), as in the changeset</summary>

${list(summary.changes.map((c) => `${c.bump}: ${c.text}`))}

</details>
`;
}
