/**
 * What openapi-fetch gets instead of a `Request` when the client sends with the platform's own
 * `fetch` and no middleware is registered: the URL and the `RequestInit` it built. openapi-fetch
 * only reads `url` and `method` from its request before handing it to the fetch wrapper, which
 * calls `fetch(url, init)`. That skips one `Request` construction per call, the largest part of
 * openapi-fetch's cost over raw `fetch` (undici then builds a second `Request` inside `fetch`
 * and links its signal). Middleware and custom fetches still get real `Request` objects.
 */
export class LightRequest {
  /** Absolute URL, query included. */
  readonly url: string;
  /** Upper-case method. */
  readonly method: string;
  /** openapi-fetch's init for this call: a fresh object per call, so the wrapper may set `signal`. */
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? "GET";
  }
}
