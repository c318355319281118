import { openapiOverlay } from "openapi-format";
import { OverlayError, throwProblems, UnmatchedOverlayTargetError } from "./errors.js";
import { isJsonObject, type JsonObject } from "./json.js";
import type { SourceDocument } from "./load.js";

/**
 * Checks the shape openapi-format relies on. openapi-format logs malformed
 * actions with console.error and skips them; failing here instead gives the
 * file name and the action number. Returns every problem of the overlay.
 */
function overlayProblems({ source, document }: SourceDocument): OverlayError[] {
  const version = document.overlay;
  const problems: OverlayError[] = [];
  if (typeof version !== "string" || !/^1\.0\.\d+$/.test(version)) {
    problems.push(
      new OverlayError(
        source,
        `not an OpenAPI Overlay 1.0 document (its "overlay" field is ${JSON.stringify(version) ?? "missing"}; expected "1.0.0")`,
      ),
    );
  }
  const actions = document.actions;
  if (!Array.isArray(actions) || actions.length === 0) {
    return [...problems, new OverlayError(source, `"actions" must be a non-empty list`)];
  }
  actions.forEach((action, index) => {
    const label = `action #${index + 1}`;
    if (!isJsonObject(action)) {
      problems.push(new OverlayError(source, `${label} is not an object`));
    } else if (typeof action.target !== "string" || !action.target.startsWith("$")) {
      problems.push(
        new OverlayError(source, `${label} needs a JSONPath "target" starting with "$"`),
      );
    } else if (!("update" in action) && action.remove !== true) {
      problems.push(
        new OverlayError(source, `${label} (${action.target}) needs "update" or "remove: true"`),
      );
    }
  });
  return problems;
}

/** The spec with every well-formed overlay applied, and every problem met on the way. */
export interface OverlayResult {
  spec: JsonObject;
  problems: OverlayError[];
}

/**
 * Applies overlay documents in order with openapi-format's `openapiOverlay`
 * (the JSONPath engine is theirs, not ours) and collects every problem instead
 * of stopping at the first: a malformed overlay is skipped, an action whose
 * target matches nothing ({@link UnmatchedOverlayTargetError}, rather than
 * openapi-format's silent no-op: a correction that no longer applies means the
 * vendor changed the spec and someone has to look) is reported while the
 * overlay's other actions apply, so later overlays are checked against what
 * they would meet. The input is not modified.
 */
export async function applyOverlaysCollecting(
  spec: JsonObject,
  overlays: readonly SourceDocument[],
  /** What `spec` is, for the messages of unmatched targets. */
  document = "the merged spec",
): Promise<OverlayResult> {
  let current = structuredClone(spec);
  const problems: OverlayError[] = [];
  for (const overlay of overlays) {
    const malformed = overlayProblems(overlay);
    if (malformed.length > 0) {
      problems.push(...malformed);
      continue;
    }
    // openapi-format mutates the document it is given; the clone keeps the
    // caller's copy intact.
    const { data, resultData } = await openapiOverlay(structuredClone(current), {
      overlaySet: overlay.document as Parameters<typeof openapiOverlay>[1]["overlaySet"],
    });
    const unused = resultData.unusedActions;
    if (!Array.isArray(unused)) {
      problems.push(
        new OverlayError(
          overlay.source,
          "openapi-format did not report which actions matched (resultData.unusedActions); " +
            "check the installed openapi-format version against the pnpm catalog",
        ),
      );
      continue;
    }
    if (unused.length > 0) {
      problems.push(
        new UnmatchedOverlayTargetError(
          overlay.source,
          unused.map((action) => String((action as { target?: unknown }).target)),
          document,
        ),
      );
    }
    if (!isJsonObject(data)) {
      problems.push(
        new OverlayError(overlay.source, "applying the overlay did not yield an object"),
      );
      continue;
    }
    current = data;
  }
  return { spec: current, problems };
}

/**
 * {@link applyOverlaysCollecting}, throwing its problems: the one problem itself, or a
 * {@link SpecProblemsError} listing them all.
 */
export async function applyOverlays(
  spec: JsonObject,
  overlays: readonly SourceDocument[],
): Promise<JsonObject> {
  const result = await applyOverlaysCollecting(spec, overlays);
  throwProblems(result.problems);
  return result.spec;
}
