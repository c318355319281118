import { LightRequest } from "./light-request.js";

/** What decides the kind of request the factory builds; read on every call. */
export interface FactoryMode {
  /** A `fetch` option was given: it must receive real `Request` objects. */
  readonly customFetch: boolean;
  /** Middleware were registered with `use()`: they must see real `Request` objects. */
  readonly middleware: boolean;
}

/**
 * The constructor passed as openapi-fetch's `Request` option. openapi-fetch calls
 * `new Request(url, init)` once per call; this returns a {@link LightRequest} when the platform
 * fetch will send it and no middleware will look at it, and a real `Request` otherwise.
 *
 * Its `prototype` is `Request.prototype`, so openapi-fetch's `instanceof Request` check on a
 * middleware's return value still accepts real requests.
 */
export function createRequestFactory(mode: FactoryMode): typeof Request {
  const NativeRequest = Request;
  function D360Request(url: string, init: RequestInit): Request | LightRequest {
    return mode.customFetch || mode.middleware
      ? new NativeRequest(url, init)
      : new LightRequest(url, init);
  }
  D360Request.prototype = NativeRequest.prototype;
  return D360Request as unknown as typeof Request;
}
