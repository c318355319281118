import { type SpecPipelineError, throwProblems, UnmatchedOverlayTargetError } from "./errors.js";
import type { JsonObject } from "./json.js";
import type { SourceDocument } from "./load.js";
import { applyOverlaysCollecting } from "./overlay.js";
import { formatKey, type OperationKey, type SkippedRow } from "./projection.js";

/** What the corrections of Meta's schema are applied to, in messages. */
const DERIVED = "the document derived from Meta's";

/**
 * An action of spec/projection-overlays/ that matched nothing only because a vendor document
 * took over the operation it corrects (the projection skipped that row). Reported, not fatal:
 * the vendor's page is now the source, and Meta's correction has nothing left to correct.
 */
export interface OverlayNotApplied {
  /** The overlay file (repo-relative). */
  overlay: string;
  /** The action's number in the file, from 1. */
  action: number;
  target: string;
  /** The skipped operations whose schemas the action was written for. */
  operations: OperationKey[];
}

/** The derived document with the corrections applied, and the actions that no longer apply. */
export interface CorrectedProjection {
  document: JsonObject;
  notApplied: OverlayNotApplied[];
}

/** What {@link correctProjection} needs: the projection as made, and as it would be without vendor documents. */
export interface CorrectionInput {
  /** The derived document (rows a vendor document serves left out). */
  projected: JsonObject;
  /** The rows left out. */
  skipped: readonly SkippedRow[];
  /**
   * The projection of every row, as if no vendor document served any: a target that matches
   * nothing even here is a correction Meta's document no longer needs (an error).
   */
  projectAll: () => JsonObject;
  /** The projection of every row except `skipped` minus `row`: tells which row a target needs. */
  projectWith: (row: SkippedRow) => JsonObject;
}

/** The targets of each overlay that matched nothing, keyed by overlay file. */
async function unmatchedTargets(
  document: JsonObject,
  overlays: readonly SourceDocument[],
): Promise<{ spec: JsonObject; unmatched: Map<string, Set<string>>; others: SpecPipelineError[] }> {
  const { spec, problems } = await applyOverlaysCollecting(document, overlays, DERIVED);
  const unmatched = new Map<string, Set<string>>();
  const others: SpecPipelineError[] = [];
  for (const problem of problems) {
    if (problem instanceof UnmatchedOverlayTargetError) {
      unmatched.set(problem.overlayFile, new Set(problem.targets));
    } else {
      others.push(problem);
    }
  }
  return { spec, unmatched, others };
}

function actionNumber(overlay: SourceDocument | undefined, target: string): number {
  const actions = overlay?.document.actions;
  if (!Array.isArray(actions)) return 0;
  return actions.findIndex((a) => (a as { target?: unknown }).target === target) + 1;
}

/**
 * Applies the corrections of Meta's schema (spec/projection-overlays/) to the derived document,
 * before it is written and merged. Targets are paths of the derived document (`/messages`), so
 * they stay Meta's corrections: a vendor page that serves the same operation is never touched.
 *
 * An action that matches nothing because its operation's row was skipped (a vendor document
 * serves it; the target matches in the projection of every row) is returned in `notApplied`.
 * An action that matches nothing for any other reason is an {@link UnmatchedOverlayTargetError}
 * naming the overlay file and target, as for spec/overlays/; malformed overlays are errors too.
 */
export async function correctProjection(
  input: CorrectionInput,
  overlays: readonly SourceDocument[],
): Promise<CorrectedProjection> {
  const actual = await unmatchedTargets(input.projected, overlays);
  throwProblems(actual.others);
  if (actual.unmatched.size === 0) return { document: actual.spec, notApplied: [] };

  // Only where rows were skipped can a target be missing for that reason.
  const all =
    input.skipped.length > 0 ? await unmatchedTargets(input.projectAll(), overlays) : actual;
  const failing: UnmatchedOverlayTargetError[] = [];
  const explained = new Map<string, string[]>();
  for (const [file, targets] of actual.unmatched) {
    const stale = [...targets].filter((t) => all.unmatched.get(file)?.has(t) ?? false);
    if (stale.length > 0) failing.push(new UnmatchedOverlayTargetError(file, stale, DERIVED));
    const skippedOnly = [...targets].filter((t) => !stale.includes(t));
    if (skippedOnly.length > 0) explained.set(file, skippedOnly);
  }
  throwProblems(failing);

  // Which skipped row each target needs: the one whose projection alone makes it match.
  const needs = new Map<string, OperationKey[]>();
  if (input.skipped.length > 1) {
    for (const row of input.skipped) {
      const withRow = await unmatchedTargets(input.projectWith(row), overlays);
      for (const [file, targets] of explained) {
        for (const target of targets) {
          if (withRow.unmatched.get(file)?.has(target)) continue;
          const key = `${file}\n${target}`;
          needs.set(key, [...(needs.get(key) ?? []), row.row.vendor]);
        }
      }
    }
  }
  const notApplied: OverlayNotApplied[] = [];
  for (const [file, targets] of explained) {
    const overlay = overlays.find((o) => o.source === file);
    for (const target of targets) {
      notApplied.push({
        overlay: file,
        action: actionNumber(overlay, target),
        target,
        // Needed by several rows together, or only one skipped: all of them.
        operations: needs.get(`${file}\n${target}`) ?? input.skipped.map((s) => s.row.vendor),
      });
    }
  }
  return { document: actual.spec, notApplied };
}

/**
 * One line per action that no longer applies, for the generate output, the changeset and the
 * PR body: `overlay X action N (target) no longer applies: POST /messages now comes from the
 * vendor's page`.
 */
export function notAppliedLines(notApplied: readonly OverlayNotApplied[]): string[] {
  return notApplied.map(
    (n) =>
      `overlay ${n.overlay} action ${n.action} (\`${n.target}\`) no longer applies: ` +
      `${n.operations.map((op) => formatKey(op)).join(", ")} now ${n.operations.length === 1 ? "comes" : "come"} from the vendor's page`,
  );
}
