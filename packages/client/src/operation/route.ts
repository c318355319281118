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

/** One path template: its segments, each split into literal text and parameters. */
interface Template {
  /** Per segment: literal pieces around its parameters (`["upload:", ""]` for `upload:{id}`). */
  segments: string[][];
  /** Per segment: 2 literal, 1 literal text around a parameter, 0 a bare parameter. */
  rank: number[];
  /** The operations on this path, by upper-case method. */
  methods: Map<string, RoutedOperation>;
}

/** Build the path table from a list of operations (the generated one by default). */
export function routeTable(operations: Iterable<RoutedOperation>): Template[] {
  const byPath = new Map<string, Template>();
  for (const op of operations) {
    let template = byPath.get(op.path);
    if (!template) {
      const segments = op.path
        .split("/")
        .slice(1)
        .map((segment) => segment.split(/\{[^}]*\}/));
      const rank = segments.map((pieces) =>
        pieces.length === 1 ? 2 : pieces.some((piece) => piece !== "") ? 1 : 0,
      );
      template = { segments, rank, methods: new Map() };
      byPath.set(op.path, template);
    }
    template.methods.set(op.method.toUpperCase(), op);
  }
  // Most specific first: at the first segment where two templates differ, literal beats text
  // around a parameter beats a bare parameter.
  return [...byPath.values()].sort((a, b) => {
    for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
      const diff = (b.rank[i] ?? -1) - (a.rank[i] ?? -1);
      if (diff) return diff;
    }
    return 0;
  });
}

const TABLE = routeTable(Object.values(OPERATIONS));

/**
 * The operation a request is, or `undefined` when its path matches no path of the spec or the
 * path has no such method.
 *
 * @param path - the URL's path below the base URL, percent-encoded as sent
 */
export function findOperation(
  method: string,
  path: string,
  table: Template[] = TABLE,
): RoutedOperation | undefined {
  const segments = path.split("/").slice(1);
  const template = table.find(
    (t) =>
      t.segments.length === segments.length &&
      t.segments.every((pieces, i) => matches(pieces, segments[i] as string)),
  );
  return template?.methods.get(method.toUpperCase());
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
