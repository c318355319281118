import type { ErrorHandler, MiddlewareHandler, NotFoundHandler } from "hono";
import { errorResponse } from "../../errors.js";
import type { MockEnv } from "../env.js";

/** 405 with `Allow` for a method a path does not serve; register it after the path's methods. */
export function methodNotAllowed(allowed: readonly string[]): MiddlewareHandler<MockEnv> {
  const allow = allowed.join(", ");
  return async (c) =>
    errorResponse(
      405,
      `Method ${c.req.method.slice(0, 20)} not allowed on ${c.req.path.slice(0, 200)}`,
      {
        allow,
      },
    );
}

/** 404 for a path no route serves. */
export const notFound: NotFoundHandler<MockEnv> = (c) =>
  errorResponse(
    404,
    `Not found: ${c.req.method.slice(0, 20)} ${new URL(c.req.url).pathname.slice(0, 200)}`,
  );

/**
 * Hono would turn a thrown error into a logged, plain-text 500. The mock's own throws mean
 * something instead: a `drop` fault (the Node server destroys the socket, in process the
 * caller's fetch rejects) and an abort of a fault's delay. Let every error through to the
 * caller of the handler.
 */
export const rethrow: ErrorHandler<MockEnv> = (error) => {
  throw error;
};
