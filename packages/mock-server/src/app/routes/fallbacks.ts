import type { Context, ErrorHandler } from "hono";
import { errorResponse } from "../../errors.js";
import type { MockEnv } from "../env.js";

/** 405 with `Allow` for a method no route serves on a path that some route does serve. */
export function methodNotAllowed(c: Context<MockEnv>, allowed: readonly string[]): Response {
  return errorResponse(
    405,
    `Method ${c.req.raw.method.slice(0, 20)} not allowed on ${c.req.path.slice(0, 200)}`,
    { allow: allowed.join(", ") },
  );
}

/** 404 for a path no route serves. */
export function notFound(c: Context<MockEnv>): Response {
  return errorResponse(
    404,
    `Not found: ${c.req.raw.method.slice(0, 20)} ${new URL(c.req.url).pathname.slice(0, 200)}`,
  );
}

/**
 * Hono would turn a thrown error into a logged, plain-text 500. The mock's own throws mean
 * something instead: a `drop` fault (the Node server destroys the socket, in process the
 * caller's fetch rejects) and an abort of a fault's delay. Let every error through to the
 * caller of the handler.
 */
export const rethrow: ErrorHandler<MockEnv> = (error) => {
  throw error;
};
