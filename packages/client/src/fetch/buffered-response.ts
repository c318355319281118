// Stateless without `stream: true`: one decoder serves every response.
const utf8 = new TextDecoder();

/**
 * A `Response` over bytes already in memory. The platform's `new Response(bytes)` wraps them in a
 * `ReadableStream`, and reading one back costs more than the rest of the client together on Node
 * 20 (web streams); this one keeps the bytes and answers the body methods from them, creating a
 * stream only if someone asks for `body`. Every body accessor of the platform's `Response` is
 * overridden (a test fails when the platform grows one this class does not cover), so it is a
 * `Response` for openapi-fetch, middleware and callers alike.
 */
export class BufferedResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  #used = false;
  /** The stream handed out by `body`, created on first access. */
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined = undefined;
  readonly #url: string;
  readonly #headers: Headers;

  /**
   * @param from - the response the bytes were read from: its status, status text and URL are
   *   copied, its `Headers` object is shared (copying it into a new one costs more than the rest
   *   of this class; a fetched response's headers are immutable anyway)
   */
  constructor(
    bytes: Uint8Array<ArrayBuffer>,
    from: Pick<Response, "status" | "statusText" | "headers" | "url">,
  ) {
    super(null, { status: from.status, statusText: cleanStatusText(from.statusText) });
    this.#bytes = bytes;
    this.#url = from.url;
    this.#headers = from.headers;
  }

  override get url(): string {
    return this.#url;
  }

  override get headers(): Headers {
    return this.#headers;
  }

  override get bodyUsed(): boolean {
    return this.#used || this.#stream?.locked === true;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    // As on the platform's Response, looking at `body` (middleware checking `if
    // (response.body)`) consumes nothing: only reading the stream does.
    if (this.#stream === undefined)
      this.#stream = this.#used ? null : new Response(this.#bytes).body;
    return this.#stream;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().slice().buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#take().slice();
  }

  override async text(): Promise<string> {
    return utf8.decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.headers.get("content-type") ?? "" });
  }

  override async formData(): Promise<FormData> {
    return new Response(this.#take(), { headers: this.headers }).formData();
  }

  override clone(): BufferedResponse {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.#bytes, this);
  }

  #take(): Uint8Array<ArrayBuffer> {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    // Reading through a body method locks a stream already handed out, as the platform does.
    this.#stream?.getReader();
    return this.#bytes;
  }
}

/**
 * A reason phrase the platform's `Response` accepts (RFC 9110 §15: HTAB, SP, visible ASCII,
 * obs-text): a server may send control characters, which would make `new Response` throw a raw
 * `TypeError` and would reach terminals through error messages. They are removed.
 */
export function cleanStatusText(text: string): string {
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
}
