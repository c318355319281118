import type { Context } from "hono";
import type { SpecDocument } from "../../spec/document.js";
import type { MockEnv, MockState } from "../env.js";

/**
 * One operation the mock serves: an OpenAPI path template (`/groups/{group_id}`,
 * `/upload:{session_id}`) and a method, with its handler.
 */
export interface Route {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path template as the spec writes it. */
  readonly path: string;
  /** The spec's operationId, when the route serves one. */
  readonly operationId?: string;
  /** Whether `authenticate` runs first (every API operation; the media CDN has no API key). */
  readonly authenticated: boolean;
  /** Answers the request; `params` are the path's template values, percent-decoded. */
  readonly handle: (
    c: Context<MockEnv>,
    params: Readonly<Record<string, string>>,
  ) => Response | Promise<Response>;
}

/**
 * The hand-written behaviour of one tag of the API: routes for the operations whose behaviour
 * the spec cannot describe (state kept between calls, a value checked beyond its schema). Every
 * other operation of the tag is answered from the spec.
 */
export interface HandWrittenTag {
  /** The vendor's tag, as the spec names it (`Encryption`). */
  readonly tag: string;
  /**
   * The tag's hand-written routes, each naming the operationId it serves; `spec` is the
   * (normalized) document the mock answers from, for the schemas a route validates with.
   */
  readonly routes: (state: MockState, spec: SpecDocument) => Route[];
}

/** What {@link RouteTable.match} found for a request. */
export type RouteMatch =
  | { readonly route: Route; readonly params: Record<string, string> }
  | { readonly allow: readonly string[] };

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** Per segment: 0 literal, 1 literal and template (`upload:{id}`), 2 template only. */
  readonly rank: readonly number[];
}

// The order `Allow` lists methods in.
const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

/**
 * Every route of the mock, hand-written and from the spec, matched the way OpenAPI says: "When
 * matching URLs, concrete (non-templated) paths would be matched before their templated
 * counterparts" (OpenAPI 3.1.0, Paths Object,
 * https://spec.openapis.org/oas/v3.1.0#paths-object). Segment by segment from the left, a
 * literal segment is tried before a segment mixing literal text and a template
 * (`/upload:{session_id}`), and that before a bare template (`/{media_id}`); a template matches
 * one whole segment or the rest of its segment, never a `/`, and everything outside `{…}`
 * (a `:` too) is literal. Routes of equal rank keep their order (hand-written first, then
 * the spec's document order), so equivalent templates (`/{media_id}` beside `/{session_id}` for
 * one method, which OpenAPI forbids) resolve to the first, deterministically.
 *
 * The method is part of the match, as in the routers API servers use: `POST /groups` goes to
 * `POST /groups` even when `GET /{media_id}` exists, and `DELETE /groups` to
 * `DELETE /{media_id}` when no `DELETE /groups` exists. A path some route matches with
 * another method only is 405, with every method that would have been served in `Allow`.
 */
export class RouteTable {
  readonly #routes: readonly CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes
      .map(compile)
      // Array.prototype.sort is stable: equal ranks keep their registration order.
      .sort((a, b) => compareRanks(a.rank, b.rank));
  }

  /**
   * The route for `method` and the raw (still percent-encoded) `pathname`: the first one by rank
   * that matches; else the methods served on the path (for a 405); else `undefined` (404).
   */
  match(method: string, pathname: string): RouteMatch | undefined {
    const allow = new Set<string>();
    for (const { route, pattern, names } of this.#routes) {
      const found = pattern.exec(pathname);
      if (!found) continue;
      if (route.method === method) {
        const params: Record<string, string> = {};
        names.forEach((name, i) => {
          params[name] = decode(found[i + 1] ?? "");
        });
        return { route, params };
      }
      allow.add(route.method);
      // Hono answers HEAD as GET without the body.
      if (route.method === "GET") allow.add("HEAD");
    }
    if (allow.size === 0) return undefined;
    return { allow: METHOD_ORDER.filter((m) => allow.has(m)) };
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const rank: number[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      const parts = segment.split(/(\{[^{}]*\})/).filter((part) => part !== "");
      const templates = parts.filter(isTemplate).length;
      rank.push(templates === 0 ? 0 : templates < parts.length ? 1 : 2);
      return parts
        .map((part) => {
          if (!isTemplate(part)) return escapeRegExp(part);
          names.push(part.slice(1, -1));
          return "([^/]+)";
        })
        .join("");
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}$`), names, rank };
}

function isTemplate(part: string): boolean {
  return part.startsWith("{") && part.endsWith("}");
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A malformed escape stays as sent (as Hono's own router does); the parameter's schema judges it.
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
