import type { CallState } from "../fetch/call-state.js";
import type { ReadResponse } from "../fetch/read-body.js";
import type { ResilientFetchConfig } from "../fetch/resilient-fetch.js";

/** A redirect answered an attempt; thrown inside the attempt, turned into an `ApiError`. */
export class Redirected {
  constructor(
    readonly status: number,
    /** Where it pointed: the `Location` (maybe relative), the URL a custom fetch ended at, or null (opaque). */
    readonly to: string | null,
    /** The request URL, to resolve a relative `Location` against. */
    readonly from: string,
  ) {}
}

/** One attempt that the retry policy has to look at (see `settle`). */
export interface Attempt {
  config: ResilientFetchConfig;
  state: CallState;
  method: string;
  url: string;
  /** The attempt that just ended, 1 for the first. */
  attempt: number;
  /** Whether the request may be sent again (see retry/policy.ts `isRepeatable`). */
  repeatable: boolean;
  /** A bodiless copy of the request with the key redacted, for errors and hooks. */
  redacted: () => Request;
  /** The response read in full, when one arrived. */
  read: ReadResponse | undefined;
  /** What the attempt threw, when it did (boxed: anything can be thrown, `undefined` too). */
  thrown: { error: unknown } | undefined;
}
