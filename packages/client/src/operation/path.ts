import { defaultPathSerializer } from "openapi-fetch";

type PathSerializer = (pathname: string, params: Record<string, unknown>) => string;

/**
 * A path serializer (openapi-fetch's `pathSerializer`) that refuses a path parameter whose value
 * would address another path. openapi-fetch percent-encodes a value (`/` becomes `%2F`), but
 * `.` and `..` stay as they are, and the URL parser resolves them, encoded or not (WHATWG URL,
 * "double-dot path segment": `..`, `.%2e`, `%2e.`, `%2e%2e`): `DELETE /media/{id}` with
 * `id: ".."` would reach `DELETE /`. An empty value would leave an empty segment.
 *
 * @throws {TypeError} naming the parameter, before anything is sent; also for a path parameter
 *   left out (openapi-fetch would send its template, `%7Bid%7D`)
 */
export function safePathSerializer(inner: PathSerializer = defaultPathSerializer): PathSerializer {
  return (pathname, params) => {
    for (const [name, value] of Object.entries(params ?? {})) {
      if (value === undefined || value === null || typeof value === "object") {
        if (!Array.isArray(value) || value.length !== 1) continue;
      }
      const text = String(Array.isArray(value) ? value[0] : value);
      if (/^(?:\.|%2e){0,2}$/i.test(text)) {
        throw new TypeError(
          `The path parameter "${name}" cannot be ${text ? JSON.stringify(text) : "empty"}: it would address another path`,
        );
      }
    }
    const path = inner(pathname, params);
    // openapi-fetch leaves the template of a missing parameter in the URL.
    const missing = /\{([^{}/]+)\}/.exec(path)?.[1];
    if (missing) throw new TypeError(`The path parameter "${missing}" is required`);
    return path;
  };
}
