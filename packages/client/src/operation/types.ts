/**
 * Types of the generated methods, derived from openapi-typescript's `operations` so that a spec
 * change reaches every method's options, body and result through `pnpm generate` alone.
 */
import type { operations } from "@d360-messaging/types";

/** An operationId of the spec, e.g. `"get-business-public-key"`. */
export type OperationId = keyof operations;

// An object with no known keys is written `Record<never, never>` where it is needed, not as a
// named alias: a public signature must not name a type the package does not export (typedoc's
// docs:check fails on it for an operation without parameters).
/** `Record<never, never>` for an absent (`never`/`undefined`) parameter group, else the group without `undefined`. */
type Defined<T> = [T] extends [never]
  ? Record<never, never>
  : [T] extends [undefined]
    ? Record<never, never>
    : NonNullable<T>;
type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * One parameter group of an operation (`"query"`, `"path"` or `"header"`), by the spec's
 * parameter names.
 */
export type OperationParameters<Op, In extends "query" | "path" | "header"> = Op extends {
  parameters: infer P;
}
  ? P extends { [K in In]?: infer V }
    ? Defined<V>
    : Record<never, never>
  : Record<never, never>;

/**
 * Options of a generated method: the operation's query, path and header parameters under their
 * spec names, beside `signal`.
 */
export type OperationOptions<Op> = Flatten<
  OperationParameters<Op, "query"> &
    OperationParameters<Op, "path"> &
    OperationParameters<Op, "header"> & {
      /** Cancels the call, retries and waits included; it then rejects with the signal's reason. */
      signal?: AbortSignal;
    }
>;

type Content<RB> = RB extends { content: infer C } ? C : never;
type FirstMedia<C> = [C] extends [never]
  ? never
  : C extends { "application/json": infer B }
    ? B
    : C extends { "application/x-www-form-urlencoded": infer B }
      ? B
      : C extends { "multipart/form-data": infer B }
        ? B
        : C[keyof C];

/** The request body of an operation (its JSON, else form, else multipart schema); `never` without one. */
export type OperationBody<Op> = Op extends { requestBody?: infer RB }
  ? FirstMedia<Content<NonNullable<RB>>>
  : never;

type Responses<Op> = Op extends { responses: infer R } ? R : Record<never, never>;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206 | "2XX";

/** What a generated method resolves with: the JSON body of the operation's success response(s). */
export type OperationResult<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus
    ? Responses<Op>[S] extends { content: { "application/json": infer B } }
      ? B
      : undefined
    : never;
}[keyof Responses<Op>];

type RequiredKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K;
}[keyof T];
/** The options argument: optional unless a parameter is required. */
type OptionsArgument<O> = [RequiredKeys<O>] extends [never] ? [options?: O] : [options: O];

/**
 * A generated method: `(options?)` without a request body, `(body, options?)` with one.
 * Resolves with the success body; throws `ApiError` on an error status or a body that is not
 * JSON, `TimeoutError` and `NetworkError` as the client's other methods do.
 */
export type OperationMethod<Op> = [OperationBody<Op>] extends [never]
  ? (...options: OptionsArgument<OperationOptions<Op>>) => Promise<OperationResult<Op>>
  : (
      body: OperationBody<Op>,
      ...options: OptionsArgument<OperationOptions<Op>>
    ) => Promise<OperationResult<Op>>;

/** What an extension asks of the generic call: parameters by group, body, and how to check the success body. */
export interface OperationRequest<Op> {
  /** Query parameters by spec name; `undefined` values are left out. */
  query?: Partial<OperationParameters<Op, "query">>;
  /** Path parameters by spec name. */
  path?: OperationParameters<Op, "path">;
  /** Header parameters by spec name. */
  header?: Partial<OperationParameters<Op, "header">>;
  /** The request body, sent in the operation's first media type. */
  body?: OperationBody<Op>;
  /**
   * Another media type the operation declares for its body, e.g. `"multipart/form-data"` where
   * the spec lists a JSON form first (`POST /media`, whose JSON `file` is curl's `@path` syntax).
   */
  mediaType?: string;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Accepts a parsed success body; a refused one is an `ApiError` naming `expected`. */
  accept?: (body: NonNullable<OperationResult<Op>>) => boolean;
  /** What `accept` wants, for the error message (e.g. `{"success": true}`). */
  expected?: string;
}

/** The generic call of one operation, as an extension receives it. */
export type OperationCall<Op> = (request: OperationRequest<Op>) => Promise<OperationResult<Op>>;
