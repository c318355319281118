/** What the fetch wrapper knows about a final error response that the response cannot say. */
export interface ResponseMeta {
  /** Requests made, the first included. */
  attempts: number;
  /** Milliseconds from the response's `Retry-After`, when present. */
  retryAfter?: number;
  /** Why retrying stopped before `retry.limit`, for the `ApiError` message. */
  reason?: string;
}

// Keyed by the Response so that it travels through openapi-fetch (which returns the Response
// to the encryption methods) without a field on a platform object. Only error responses are
// recorded, so a successful call pays nothing.
const META = new WeakMap<Response, ResponseMeta>();

/** Record how a final error response came about. */
export function setResponseMeta(response: Response, meta: ResponseMeta): void {
  META.set(response, meta);
}

/** How a final error response came about; one attempt when the wrapper recorded nothing. */
export function responseMeta(response: Response): ResponseMeta {
  return META.get(response) ?? { attempts: 1 };
}
