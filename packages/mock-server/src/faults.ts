import { JSON_CONTENT_TYPE } from "./errors.js";
import { integerOption, MAX_TIMER_MS, numberOption } from "./options.js";

/**
 * A one-shot answer queued for the next request that matches it.
 *
 * With only `delayMs` set, the request is delayed and then answered normally,
 * which is how a slow server is simulated. With `drop: true` the connection is
 * destroyed (after `delayMs`, if set) and no response is sent.
 *
 * @example
 * handler.faults.enqueue({ method: "GET", status: 503, headers: { "Retry-After": "1" } });
 * handler.faults.enqueue({ status: 502, body: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } });
 * handler.faults.enqueue({ drop: true });
 * handler.faults.enqueue({ delayMs: 50 }); // slow, then the normal answer
 */
export interface FaultSpec {
  /** Only requests with this method match (case-insensitive). @default any method */
  method?: string;
  /** Only requests with this exact pathname match, e.g. `/whatsapp_business_encryption`. @default any path */
  path?: string;
  /** Status of the injected response (200–599). @default 500 when `body` or `headers` is given without it */
  status?: number;
  /** Headers of the injected response, e.g. `{ "Retry-After": "2" }`. */
  headers?: Record<string, string>;
  /**
   * Body of the injected response: a string is sent as is (`text/plain` unless
   * `headers` name a content type), anything else as JSON.
   * @default `{"error": "Injected fault (HTTP <status>)"}`
   */
  body?: unknown;
  /** Milliseconds to wait before answering (or dropping), up to 2^31 - 1 (`setTimeout`'s limit). @default 0 */
  delayMs?: number;
  /** Destroy the connection instead of answering, like a reset from a proxy. @default false */
  drop?: boolean;
  /** How many matching requests this entry answers before it is used up. @default 1 */
  times?: number;
}

/** A fault the handler has taken off the queue for one request. */
export type TakenFault = Omit<FaultSpec, "times">;

interface Entry {
  fault: TakenFault;
  remaining: number;
}

/**
 * The queue of injected faults. Deterministic: each request takes the oldest
 * entry whose `method` and `path` match it (FIFO per route), nothing is random.
 */
export class FaultQueue {
  readonly #entries: Entry[] = [];

  /**
   * Queue a fault for the next matching request.
   * @throws {RangeError} when `status`, `delayMs` or `times` is out of range
   * @throws {TypeError} when `drop` is combined with a response (`status`, `headers`, `body`)
   */
  enqueue(fault: FaultSpec): void {
    const { times = 1, ...rest } = fault;
    validate(fault, times);
    this.#entries.push({
      fault: { ...rest, method: rest.method?.toUpperCase() },
      remaining: times,
    });
  }

  /** Forget every queued fault. */
  clear(): void {
    this.#entries.length = 0;
  }

  /** Number of queued entries not yet used up. */
  get size(): number {
    return this.#entries.length;
  }

  /**
   * Take the fault for a request, if one matches; used by the handler.
   * @internal
   */
  take(method: string, path: string): TakenFault | undefined {
    const i = this.#entries.findIndex(
      ({ fault }) =>
        (fault.method === undefined || fault.method === method.toUpperCase()) &&
        (fault.path === undefined || fault.path === path),
    );
    const entry = this.#entries[i];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#entries.splice(i, 1);
    return entry.fault;
  }
}

function validate(fault: FaultSpec, times: number): void {
  const { status, delayMs, drop } = fault;
  if (status !== undefined) integerOption("Fault status", status, 200, 599);
  // A longer delay would fire at once (setTimeout's limit), not late.
  if (delayMs !== undefined) numberOption("Fault delayMs", delayMs, { min: 0, max: MAX_TIMER_MS });
  integerOption("Fault times", times, 1);
  // Fail at enqueue time, in the test that made the mistake, not later inside the handler.
  new Headers(fault.headers);
  if (drop && (status !== undefined || fault.headers !== undefined || fault.body !== undefined)) {
    throw new TypeError(
      "A dropped connection has no response: drop cannot go with status, headers or body",
    );
  }
}

/**
 * Whether the fault answers by itself, rather than only delaying the normal answer. (A `drop`
 * never gets here: the handler throws for it first.)
 */
export function answersItself(fault: TakenFault): boolean {
  return fault.status !== undefined || fault.headers !== undefined || fault.body !== undefined;
}

// Statuses whose responses cannot carry a body (Fetch spec "null body status").
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** The response an answering, non-dropping fault sends. */
export function faultResponse(fault: TakenFault): Response {
  const status = fault.status ?? 500;
  const headers = new Headers(fault.headers);
  if (NULL_BODY_STATUSES.has(status)) return new Response(null, { status, headers });
  let body: string;
  if (typeof fault.body === "string") {
    body = fault.body;
    if (!headers.has("content-type")) headers.set("content-type", "text/plain; charset=utf-8");
  } else {
    body = JSON.stringify(fault.body ?? { error: `Injected fault (HTTP ${status})` });
    if (!headers.has("content-type")) headers.set("content-type", JSON_CONTENT_TYPE);
  }
  return new Response(body, { status, headers });
}
