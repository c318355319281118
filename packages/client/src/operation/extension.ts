/**
 * The seam between generated and hand-written code: an extension file in src/extensions/, named
 * after an operationId, replaces that operation's generated method with its own, built on the
 * same typed call. `pnpm generate` fails when an extension names an operationId the spec no
 * longer has.
 */
import type { operations } from "@d360-messaging/types";
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
 * What a tag extension gets: the untyped call of any operation in the table, and a GET of an
 * absolute URL through the client's retries and timeouts (for what the spec describes as a URL
 * rather than an operation, e.g. a media file).
 */
export interface TagContext {
  /** Calls one operation of `OPERATIONS`; resolves with its checked success body. */
  readonly call: Caller;
  /** The client's base URL, without trailing slash. */
  readonly baseUrl: string;
  /**
   * GET `url` with the client's retries, timeouts and redirect refusal; the success body is
   * passed on as a stream, bounded by `maxBytes` as it flows. The API key is sent only when
   * `url` has the origin of `baseUrl`.
   */
  readonly fetchUrl: (
    url: URL,
    init: { signal?: AbortSignal | undefined; maxBytes: number },
  ) => Promise<Response>;
}

/**
 * A tag extension: methods a namespace has beside its operations (src/extensions/tags/<file>.ts,
 * named after the tag's generated file).
 */
export interface TagExtension<Tag extends string, Methods> {
  readonly tag: Tag;
  readonly create: (context: TagContext) => Methods;
}

/** Declares the hand-written methods a namespace has beside its operations. */
export function defineTagExtension<Tag extends string, Methods>(
  tag: Tag,
  create: (context: TagContext) => Methods,
): TagExtension<Tag, Methods> {
  return { tag, create };
}

/** The methods a tag extension adds. */
export type TagExtensionMethods<E> = E extends { create: (context: never) => infer Methods }
  ? Methods
  : never;
