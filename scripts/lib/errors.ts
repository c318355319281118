/**
 * Errors of the spec pipeline (generate, spec:update). Each message says what
 * went wrong, where (repo-relative file and JSON pointer or JSONPath), and what
 * to do. The CLIs print `message` and exit 1; tests match on the class and
 * its fields.
 */
export class SpecPipelineError extends Error {
  override name = "SpecPipelineError";
}

/** A spec or overlay file could not be read or parsed, or is not the kind of document expected. */
export class SpecLoadError extends SpecPipelineError {
  override name = "SpecLoadError";
  constructor(
    readonly file: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${detail}`, options);
  }
}

/** Two upstream documents define the same thing differently. */
export class SpecMergeConflictError extends SpecPipelineError {
  override name = "SpecMergeConflictError";
  constructor(
    /** JSON pointer (RFC 6901) of the conflicting definition in the merged spec. */
    readonly pointer: string,
    /** The file that defined it first. */
    readonly firstSource: string,
    /** The file whose definition differs. */
    readonly secondSource: string,
  ) {
    super(
      `Conflicting definitions of ${pointer} in ${firstSource} and ${secondSource}. ` +
        "Upstream documents are merged by path, method and component; a definition shared by two " +
        "documents must be identical. Check that both files come from the same vendor release, " +
        "and re-download the older one.",
    );
  }
}

/** An overlay document is malformed (not Overlay 1.0, no actions, an action without a target or an update/remove). */
export class OverlayError extends SpecPipelineError {
  override name = "OverlayError";
  constructor(
    readonly overlayFile: string,
    detail: string,
  ) {
    super(`${overlayFile}: ${detail}`);
  }
}

/** One or more overlay actions matched nothing in the spec: the vendor spec changed under the correction. */
export class UnmatchedOverlayTargetError extends OverlayError {
  override name = "UnmatchedOverlayTargetError";
  constructor(
    overlayFile: string,
    /** The JSONPath targets that matched nothing, in action order. */
    readonly targets: readonly string[],
    /** What the overlay was applied to, for the message. */
    document = "the merged spec",
  ) {
    super(
      overlayFile,
      `${targets.length === 1 ? "this action target matches" : "these action targets match"} ` +
        `nothing in ${document}:\n${targets.map((t) => `  - ${t}`).join("\n")}\n` +
        "The vendor spec no longer has what this correction was written for. Check whether the " +
        "correction is still needed; then update the target or delete the action.",
    );
  }
}

/** The effective spec lacks something the generated code needs (an operationId, a server URL, ...). */
export class SpecContentError extends SpecPipelineError {
  override name = "SpecContentError";
}

/**
 * Several problems found in one run (overlays, spec checks, extensions, pages), reported at
 * once so that one run shows everything to fix. Each problem is a pipeline error of its own.
 */
export class SpecProblemsError extends SpecPipelineError {
  override name = "SpecProblemsError";
  constructor(
    /** Every problem found, in the order found. */
    readonly problems: readonly SpecPipelineError[],
  ) {
    super(
      `${problems.length} problems; fix them all before running again:\n${problems
        .map((problem) => `- ${problem.name}: ${problem.message.replaceAll("\n", "\n  ")}`)
        .join("\n")}`,
    );
  }
}

/** Throws nothing when `problems` is empty, the problem itself when there is one, else a {@link SpecProblemsError}. */
export function throwProblems(problems: readonly SpecPipelineError[]): void {
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new SpecProblemsError(problems);
}
