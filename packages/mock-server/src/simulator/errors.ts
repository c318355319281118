/**
 * An endpoint answered 200 with a body WhatsApp could not use: not base64,
 * not encrypted under the request's key and inverted IV, a tag that does not
 * verify, or a plaintext that is not JSON. Carries what came back (nothing secret).
 */
export class FlowResponseError extends Error {
  /** Always `"FlowResponseError"`. */
  override name = "FlowResponseError";
  /** HTTP status of the reply (200). */
  readonly status: number;
  /** The reply body as received. */
  readonly body: string;
  /** The reply headers. */
  readonly headers: Headers;
  /** The decrypted text, when decryption worked but the text is not JSON. */
  readonly responseText: string | undefined;

  constructor(
    message: string,
    reply: { status: number; body: string; headers: Headers; responseText?: string },
    cause?: unknown,
  ) {
    super(message, { cause });
    this.status = reply.status;
    this.body = reply.body;
    this.headers = reply.headers;
    this.responseText = reply.responseText;
  }
}

/**
 * The endpoint did not answer within the time WhatsApp allows (10 seconds by
 * default, per the Flows endpoint documentation).
 */
export class FlowEndpointTimeoutError extends Error {
  /** Always `"FlowEndpointTimeoutError"`. */
  override name = "FlowEndpointTimeoutError";
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(
      `The Flows endpoint did not answer within ${timeoutMs} ms (WhatsApp gives up after 10 s)`,
    );
    this.timeoutMs = timeoutMs;
  }
}
