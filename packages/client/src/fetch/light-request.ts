/**
 * What openapi-fetch builds for a call when nobody but the platform's `fetch` will see the
 * request: no middleware, no `Request` class and no `fetch` of the user's. It keeps the URL and
 * the `RequestInit` openapi-fetch assembled, and the fetch wrapper hands both to the platform's
 * `fetch` as they are, so each attempt builds one platform `Request` (inside `fetch`) instead of
 * two (openapi-fetch's, then `fetch`'s copy of it). On Node 20 a `Request` with a signal costs
 * about as much as the rest of the client; this is what keeps the client within 5% of bare
 * openapi-fetch over loopback (`pnpm bench`).
 *
 * It depends on what openapi-fetch does with the object it constructs, so openapi-fetch is pinned
 * to an exact version, and `test/light-request.test.ts` fails as soon as openapi-fetch reads or
 * writes anything on it that this class does not provide. Anything else (middleware, a user's
 * `fetch` or `Request` class, a stream body) gets the platform's `Request` as before.
 */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect;
  /** The init openapi-fetch built, as it would have given it to `new Request`. */
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? "GET";
    // openapi-fetch always passes a Headers object (its mergeHeaders); anything else is copied.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? undefined;
    this.redirect = init.redirect ?? "follow";
  }

  /** Whether the body can be given to `fetch` again for a retry (a stream cannot). */
  get resendable(): boolean {
    return !(this.body instanceof ReadableStream);
  }

  /** The platform's `Request` for the same call, for every path that needs a real one. */
  toRequest(): Request {
    return new Request(this.url, { ...this.init, headers: this.headers });
  }
}
