/**
 * The part of an OpenAPI 3.1 document the mock answers from: paths with their operations, and
 * the components their `$ref`s point into. Schemas stay plain JSON (JSON Schema 2020-12).
 */

/** A JSON Schema, as the spec writes it. */
export type JsonSchema = { [keyword: string]: unknown };

/** One parameter of an operation. */
export interface SpecParameter {
  /** The parameter's name, e.g. `fields`. */
  name: string;
  /** Where it travels. */
  in: "query" | "path" | "header" | "cookie";
  /** Whether a request must carry it (path parameters always do). */
  required?: boolean;
  /** Its schema. */
  schema?: JsonSchema;
}

/** A reference to a reusable part of the document, e.g. `#/components/parameters/Limit`. */
export interface SpecRef {
  /** A local JSON pointer into the document. */
  $ref: string;
}

/** A named example of a body. */
export interface SpecExample {
  /** The example body. */
  value?: unknown;
}

/** A media type of a request or response body. */
export interface SpecMediaType {
  /** The body's schema. */
  schema?: JsonSchema;
  /** One example body. */
  example?: unknown;
  /** Named examples; the first one's `value` is used. */
  examples?: Record<string, SpecExample>;
}

/** A request body: the media types it may come in. */
export interface SpecRequestBody {
  /** Whether a request must carry it. */
  required?: boolean;
  /** The body's schema per media type (`application/json`, …). */
  content?: Record<string, SpecMediaType>;
}

/** A response: its body per media type. */
export interface SpecResponse {
  /** The body's schema and examples per media type. */
  content?: Record<string, SpecMediaType>;
}

/** An operation: its parameters, request body and responses. */
export interface SpecOperation {
  /** The operation's id, e.g. `send-message`. */
  operationId?: string;
  /** Parameters, or references to `components.parameters`. */
  parameters?: (SpecParameter | SpecRef)[];
  /** The request body, or a reference to `components.requestBodies`. */
  requestBody?: SpecRequestBody | SpecRef;
  /** Responses by status code, or references to `components.responses`. */
  responses?: Record<string, SpecResponse | SpecRef>;
}

/**
 * An OpenAPI document as the mock reads it, e.g. the spec this package was generated from, or a
 * newer one a test hands to `createMockHandler({ spec })`.
 */
export interface SpecDocument {
  /** Path items by path template (`/items/{id}`); keys other than HTTP methods are ignored. */
  paths?: Record<string, Record<string, unknown>>;
  /** Reusable schemas, parameters, request bodies and responses. */
  components?: Record<string, Record<string, unknown> | undefined>;
}
