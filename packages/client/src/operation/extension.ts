/**
 * The seam between generated and hand-written code: an extension file in src/extensions/, named
 * after an operationId, replaces that operation's generated method with its own, built on the
 * same typed call. `pnpm generate` fails when an extension names an operationId the spec no
 * longer has.
 */
import type { operations } from "@d360-messaging/types";
import type { OPERATIONS } from "../generated/operations.js";
import type { FetchUrlDeps } from "../media/fetch-url.js";
import type { MediaFailure } from "../media/limits.js";
import type { Caller } from "./call.js";
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

/**
 * What a tag extension gets: the untyped call of any operation in the table, and what a GET of
 * an absolute URL needs (for what the API hands out as a URL rather than an operation, e.g. a
 * media file: see src/media/fetch-url.ts, which is loaded on first use and so takes these
 * pieces of the entry as values rather than importing them).
 */
export interface TagContext {
  /** Calls one operation of `OPERATIONS`; resolves with its checked success body. */
  readonly call: Caller;
  /** The operations table (src/generated/operations.ts), for the operations a method calls. */
  readonly operations: typeof OPERATIONS;
  /** The client's fetch configuration, call context (base URL, headers) and the two functions of the entry a URL fetch uses. */
  readonly transport: FetchUrlDeps;
  /** The `MediaError` class, for the media code (which imports nothing of the entry at run time). */
  readonly fail: MediaFailure;
}

/**
 * The methods a tag extension adds. A tag extension (src/extensions/tags/<file>.ts, named after
 * the tag's generated file) is a function of the {@link TagContext}, default-exported under the
 * namespace's name: `export default function media(context: TagContext): MediaMethods`.
 */
export type TagExtensionMethods<E> = E extends (context: never) => infer Methods ? Methods : never;
