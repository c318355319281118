import { CallState } from "./call-state.js";
import { LightRequest } from "./light-request.js";

/** Where a `Request` built by the factory keeps its call state for the fetch wrapper. */
export const STATE: unique symbol = Symbol("d360-messaging.call-state");

/** A `Request`, possibly carrying the state the factory prepared for it. */
export type StatefulRequest = Request & { [STATE]?: CallState };

/** What decides the kind of request the factory builds; read on every call. */
export interface FactoryMode {
  /** A `fetch` option was given: it must receive real `Request` objects. */
  readonly customFetch: boolean;
  /** A timeout is configured, so every attempt needs an abortable signal. */
  readonly usesSignal: boolean;
  /** Middleware registered with `use()` (a mirror of openapi-fetch's list); they must see real `Request` objects. */
  readonly middleware: readonly unknown[];
}

/**
 * The constructor passed as openapi-fetch's `Request` option. openapi-fetch calls
 * `new Request(url, init)` once per call; this builds, by mode:
 *
 * - platform fetch, no middleware: a {@link LightRequest} (no `Request` at all; the fetch
 *   wrapper calls `fetch(url, init)`);
 * - custom fetch, no middleware: a real `Request` whose signal is the call's own abortable
 *   signal, so that a fetch that only sees the `Request` (a mock handler) is still aborted on
 *   timeout; the call state rides along for the wrapper;
 * - middleware registered: a plain `Request`, exactly what openapi-fetch would build.
 *
 * Its `prototype` is `Request.prototype`, so openapi-fetch's `instanceof Request` check on a
 * middleware's return value still accepts real requests.
 */
export function createRequestFactory(mode: FactoryMode): typeof Request {
  const NativeRequest = Request;
  function D360Request(url: string, init: RequestInit): Request | LightRequest {
    if (mode.middleware.length !== 0) return new NativeRequest(url, init);
    if (!mode.customFetch) return new LightRequest(url, init);
    const state = new CallState(init.signal ?? undefined);
    keepBody(state, init.body);
    // openapi-fetch builds `init` afresh for each call, so it can take our signal.
    if (mode.usesSignal) init.signal = state.signal();
    const request: StatefulRequest = new NativeRequest(url, init);
    request[STATE] = state;
    return request;
  }
  D360Request.prototype = NativeRequest.prototype;
  return D360Request as unknown as typeof Request;
}

/** Keep a body that can be sent again; a stream can be read only once. */
export function keepBody(state: CallState, body: BodyInit | null | undefined): void {
  if (body == null) return;
  if (body instanceof ReadableStream) state.replayable = false;
  else state.body = body;
}
