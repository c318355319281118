import type { HeadersInit } from "../options.js";

/** How one operation is called: generated from the spec (src/generated/). */
export interface OperationSpec {
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template, e.g. `/items/{id}`. */
  readonly path: string;
  /** Names of the operation's query, path and header parameters. */
  readonly query: readonly string[];
  readonly pathParams: readonly string[];
  readonly header: readonly string[];
  /** Media type the body is sent in, or null without a request body. */
  readonly body: string | null;
  /** Whether a success carries a JSON body (else the method resolves with `undefined`). */
  readonly json: boolean;
}

/** What the call needs from the client. */
export interface CallContext {
  /** Without trailing slash. */
  baseUrl: string;
  /** The client's headers, for the redacted request copy on errors. */
  headers: HeadersInit;
  /** Only to scrub it out of error bodies that quote it. */
  apiKey: string;
  /** Names of the headers hidden in `error.request` beside the built-in ones. */
  redact: readonly string[];
}
