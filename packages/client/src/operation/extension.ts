/**
 * The seam between generated and hand-written code: an extension file in src/extensions/, named
 * after an operationId, replaces that operation's generated method with its own, built on the
 * same typed call. `pnpm generate` fails when an extension names an operationId the spec no
 * longer has.
 */
import type { operations } from "@d360-messaging/types";
import type { OperationCall, OperationId } from "./types.js";

/** An extension: the operationId it is for and how it builds the method from the typed call. */
export interface Extension<Id extends OperationId, Method> {
  readonly operationId: Id;
  readonly create: (call: OperationCall<operations[Id]>) => Method;
}

/** Declares the hand-written method of one operation. */
export function defineExtension<Id extends OperationId, Method>(
  operationId: Id,
  create: (call: OperationCall<operations[Id]>) => Method,
): Extension<Id, Method> {
  return { operationId, create };
}

/** The method type an extension builds. */
export type ExtensionMethod<E> = E extends { create: (call: never) => infer Method }
  ? Method
  : never;
