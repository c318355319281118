// Which operation of the spec a request is: by method and path template, the way OpenAPI says
// paths match ("When matching URLs, concrete (non-templated) paths would be matched before
// their templated counterparts", OpenAPI 3.1.0 §4.8.8, Paths Object,
// https://spec.openapis.org/oas/v3.1.0#paths-object). The path is matched first, the method
// then looked up on it: `POST /messages` is the operation of `/messages` (or none), never that
// of a root-level `POST /{session_id}`. Segments are compared as text, never through a regular
// expression built from a template, so a literal `:` or `.` in a template is literal.
import { OPERATIONS } from "../generated/operations.js";

/** What the retry policy needs of an operation. */
export interface RoutedOperation {
  readonly method: string;
  readonly path: string;
  readonly idempotent: boolean;
}

/**
 * The operation a request is, or `undefined` when its path matches no path of the spec or the
 * most specific matching paths have no such method. Of the templates that match, the most
 * specific wins: at the first segment where two differ, literal beats text around a parameter
 * beats a bare parameter.
 *
 * @param path - the URL's path below the base URL, percent-encoded as sent
 */
export function findOperation(
  method: string,
  path: string,
  table: readonly RoutedOperation[] = Object.values(OPERATIONS),
): RoutedOperation | undefined {
  const segments = path.split("/");
  const upper = method.toUpperCase();
  let bestRank = "";
  const hits: [RoutedOperation, string][] = [];
  for (const op of table) {
    const parts = op.path.split("/");
    let rank = "";
    if (
      parts.length === segments.length &&
      parts.every((part, i) => {
        const pieces = part.split(/\{[^}]*\}/);
        rank += pieces.length === 1 ? 2 : pieces.some(Boolean) ? 1 : 0;
        return matches(pieces, segments[i] as string);
      })
    ) {
      hits.push([op, rank]);
      if (rank > bestRank) bestRank = rank;
    }
  }
  // Equally specific templates (`/{media_id}` for GET beside `/{session_id}` for POST) are told
  // apart by the method.
  return hits.find(([op, rank]) => rank === bestRank && op.method === upper)?.[0];
}

/** Whether a segment is the literal pieces with a non-empty parameter value between each two. */
function matches(pieces: string[], segment: string): boolean {
  if (pieces.length === 1) return pieces[0] === segment;
  const first = pieces[0] as string;
  const last = pieces[pieces.length - 1] as string;
  if (!segment.startsWith(first) || !segment.endsWith(last)) return false;
  let at = first.length;
  const end = segment.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string;
    const found = segment.indexOf(piece, at + 1);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return end > at;
}
