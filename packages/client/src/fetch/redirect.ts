/** A redirect answered an attempt; thrown inside the attempt, turned into an `ApiError`. */
export class Redirected {
  constructor(
    readonly status: number,
    /** Where it pointed: the `Location` (maybe relative), the URL a custom fetch ended at, or null (opaque). */
    readonly to: string | null,
    /** The request URL, to resolve a relative `Location` against. */
    readonly from: string,
  ) {}

  /** The origin the redirect pointed to, for the message. */
  get origin(): string {
    if (!this.to) return "an origin the platform does not show (opaque redirect)";
    try {
      return new URL(this.to, this.from).origin;
    } catch {
      return "an unreadable Location";
    }
  }
}

/**
 * Throw when `response` is a redirect: a 3xx with a `Location`, an opaque redirect (what a
 * browser's `redirect: "manual"` gives), or a response a custom fetch reached by following one.
 */
export function checkRedirect(response: Response, url: string): void {
  const { status } = response;
  const location = status >= 300 && status < 400 ? response.headers.get("location") : null;
  if (location !== null || response.type === "opaqueredirect" || response.redirected) {
    response.body?.cancel().catch(() => {});
    throw new Redirected(response.status, response.redirected ? response.url : location, url);
  }
}
