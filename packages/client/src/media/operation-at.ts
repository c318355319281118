// The operations the media methods call, found by method and path template rather than by
// name: a method's name follows its operationId, which changes when a vendor document takes an
// operation over from the projection of Meta's (retrieve-media-url became get-media-url in the
// growth test's vendor Media document), while the method and path stay what the API serves.
import type { OperationSpec } from "../operation/spec.js";

/** The operation at `method` `path` in the generated table. */
export function operationAt(
  operations: Readonly<Record<string, OperationSpec>>,
  method: string,
  path: string,
): OperationSpec {
  for (const operation of Object.values(operations)) {
    if (operation.method === method && operation.path === path) return operation;
  }
  throw new TypeError(`The spec has no ${method} ${path}: regenerate the client (pnpm generate)`);
}
