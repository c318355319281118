import { existsSync } from "node:fs";
import { canonicalJson, isJsonObject } from "./json.js";
import { inRoot } from "./layout.js";
import { loadDirectory, loadDocument, type SourceDocument } from "./load.js";
import {
  listOperations,
  type OperationKey,
  operationIdentity,
  type ProjectionTable,
  parseProjectionTable,
  projectMetaDocument,
  type SkippedRow,
} from "./projection.js";
import { correctProjection, type OverlayNotApplied } from "./projection-overlays.js";

/** Where the projection reads and writes, relative to the repository root. */
export const PROJECTION_LAYOUT = {
  table: "spec/projection.yaml",
  /** The derived document, beside the vendor's, marked `x-derived-from`. */
  derived: "spec/upstream/meta-cloud-api.derived.json",
  /**
   * Corrections of Meta's schema, applied to the derived document before it is written and
   * merged (targets are its paths, e.g. `/messages`); not to the merged spec, so that they never
   * touch a vendor page serving the same operation.
   */
  overlaysDir: "spec/projection-overlays",
} as const;

/** The table and Meta's document it names, read from `root`. */
export interface ProjectionInputs {
  table: ProjectionTable;
  meta: SourceDocument;
}

/** Reads spec/projection.yaml and the Meta document it names. */
export async function loadProjectionInputs(root: string): Promise<ProjectionInputs> {
  const file = PROJECTION_LAYOUT.table;
  const table = parseProjectionTable((await loadDocument(inRoot(root, file), file)).document, file);
  const meta = await loadDocument(inRoot(root, table.metaDocument), table.metaDocument);
  return { table, meta };
}

/** True for a document the projection wrote (it carries `x-derived-from`). */
export function isDerivedDocument({ document }: SourceDocument): boolean {
  return isJsonObject(document["x-derived-from"]);
}

/** The operations the vendor's own documents define (derived documents excluded). */
export function vendorOperationsOf(upstream: readonly SourceDocument[]): OperationKey[] {
  return upstream.filter((d) => !isDerivedDocument(d)).flatMap((d) => listOperations(d.document));
}

/** The derived document for a set of vendor documents, ready to merge and to write. */
export interface UpstreamProjection {
  /** The derived document under its stored name ({@link PROJECTION_LAYOUT}.derived). */
  derived: SourceDocument;
  /** Its canonical text, as written to spec/upstream/. */
  text: string;
  /** Meta's document it was projected from (repo-relative, as the table names it). */
  metaSource: string;
  /** Rows left out because a vendor document serves the same operation. */
  skipped: SkippedRow[];
  /** Corrections (spec/projection-overlays/) left with nothing to correct by those rows. */
  notApplied: OverlayNotApplied[];
}

/**
 * Projects Meta's document with the table under `root`, given the vendor's
 * documents (any derived document among them is ignored). Undefined when the
 * repository has no table (spec/projection.yaml): then there is nothing to derive.
 */
export async function projectUpstream(
  root: string,
  upstream: readonly SourceDocument[],
): Promise<UpstreamProjection | undefined> {
  if (!existsSync(inRoot(root, PROJECTION_LAYOUT.table))) return undefined;
  const { table, meta } = await loadProjectionInputs(root);
  const vendorOperations = vendorOperationsOf(upstream);
  const project = (taken: readonly OperationKey[]) =>
    projectMetaDocument({
      meta: meta.document,
      metaSource: meta.source,
      table,
      vendorOperations: taken,
    });
  const { document: projected, skipped } = project(vendorOperations);
  const overlays = existsSync(inRoot(root, PROJECTION_LAYOUT.overlaysDir))
    ? await loadDirectory(root, PROJECTION_LAYOUT.overlaysDir)
    : [];
  const { document, notApplied } = await correctProjection(
    {
      projected,
      skipped,
      projectAll: () => project([]).document,
      projectWith: ({ row }) => {
        const identity = operationIdentity(row.vendor.method, row.vendor.path);
        const others = vendorOperations.filter(
          (op) => operationIdentity(op.method, op.path) !== identity,
        );
        return project(others).document;
      },
    },
    overlays,
  );
  return {
    derived: { source: PROJECTION_LAYOUT.derived, document },
    text: canonicalJson(document),
    metaSource: meta.source,
    skipped,
    notApplied,
  };
}
