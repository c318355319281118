import type { BusinessPublicKeySignatureStatus } from "@d360-messaging/types";
import type { MediaCdn } from "../cdn.js";
import type { FaultQueue } from "../faults.js";
import type { Messaging } from "../messages/state.js";
import type { RateLimiter } from "../rate-limit.js";
import type { RecordedRequest, RequestLog } from "../record.js";
import type { KeyStore } from "../store.js";

/** Everything the app's middleware and routes read and change: one per handler. */
export interface MockState {
  readonly store: KeyStore;
  readonly faults: FaultQueue;
  readonly limiter: RateLimiter | undefined;
  readonly log: RequestLog;
  readonly maxBodyBytes: number;
  /** The media files the CDN route serves. */
  readonly cdn: MediaCdn;
  /** Messages, media, block lists and profiles per channel, with the sending limits. */
  readonly messaging: Messaging;
  /** The signature status an upload leaves the channel of `apiKey` with. */
  readonly uploadStatus: (apiKey: string) => BusinessPublicKeySignatureStatus;
  /** The `onRequest` option: told of each record once its request is answered or dropped. */
  readonly onRequest: ((record: RecordedRequest) => void) | undefined;
}

/** What happened when the body was read (see `read-body.ts`). */
export type BodyState = "read" | "too-large" | "unreadable";

/** The Hono environment of the mock's app: the per-request variables middleware hands on. */
export interface MockEnv {
  Variables: {
    /** This request's entry in the request log (status filled in when the answer is ready). */
    record: RecordedRequest;
    /** Whether the body could be read within `maxBodyBytes`. */
    body: BodyState;
    /** The authenticated API key (set by `authenticate`, for the routes behind it). */
    apiKey: string;
  };
}
