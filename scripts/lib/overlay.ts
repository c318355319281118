import { openapiOverlay } from "openapi-format";
import { OverlayError, UnmatchedOverlayTargetError } from "./errors.js";
import { isJsonObject, type JsonObject } from "./json.js";
import type { SourceDocument } from "./load.js";

/**
 * Checks the shape openapi-format relies on. openapi-format logs malformed
 * actions with console.error and skips them; failing here instead gives the
 * file name and the action number.
 */
function validateOverlay({ source, document }: SourceDocument): void {
  const version = document.overlay;
  if (typeof version !== "string" || !/^1\.0\.\d+$/.test(version)) {
    throw new OverlayError(
      source,
      `not an OpenAPI Overlay 1.0 document (its "overlay" field is ${JSON.stringify(version) ?? "missing"}; expected "1.0.0")`,
    );
  }
  const actions = document.actions;
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new OverlayError(source, `"actions" must be a non-empty list`);
  }
  actions.forEach((action, index) => {
    const label = `action #${index + 1}`;
    if (!isJsonObject(action)) throw new OverlayError(source, `${label} is not an object`);
    if (typeof action.target !== "string" || !action.target.startsWith("$")) {
      throw new OverlayError(source, `${label} needs a JSONPath "target" starting with "$"`);
    }
    if (!("update" in action) && action.remove !== true) {
      throw new OverlayError(
        source,
        `${label} (${action.target}) needs "update" or "remove: true"`,
      );
    }
  });
}

/**
 * Applies overlay documents in order with openapi-format's `openapiOverlay`
 * (the JSONPath engine is theirs, not ours). An action whose target matches
 * nothing is an error ({@link UnmatchedOverlayTargetError}) rather than
 * openapi-format's silent no-op: a correction that no longer applies means the
 * vendor changed the spec and someone has to look. The input is not modified.
 */
export async function applyOverlays(
  spec: JsonObject,
  overlays: readonly SourceDocument[],
): Promise<JsonObject> {
  let current = structuredClone(spec);
  for (const overlay of overlays) {
    validateOverlay(overlay);
    // openapi-format mutates the document it is given; the clone keeps the
    // caller's copy intact when this overlay fails.
    const { data, resultData } = await openapiOverlay(structuredClone(current), {
      overlaySet: overlay.document as Parameters<typeof openapiOverlay>[1]["overlaySet"],
    });
    const unused = resultData.unusedActions;
    if (!Array.isArray(unused)) {
      throw new OverlayError(
        overlay.source,
        "openapi-format did not report which actions matched (resultData.unusedActions); " +
          "check the installed openapi-format version against the pnpm catalog",
      );
    }
    if (unused.length > 0) {
      throw new UnmatchedOverlayTargetError(
        overlay.source,
        unused.map((action) => String((action as { target?: unknown }).target)),
      );
    }
    if (!isJsonObject(data)) {
      throw new OverlayError(overlay.source, "applying the overlay did not yield an object");
    }
    current = data;
  }
  return current;
}
