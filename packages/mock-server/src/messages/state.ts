// What the Messages, Media, Block Users and Profile routes keep between calls, per channel (API
// key), cleared by the handler's reset().
import type { MediaCdn } from "../cdn.js";
import type { MessageEvents, SentMessage } from "./events.js";
import {
  type CutResponseOptions,
  CutResponses,
  DEFAULT_DUPLICATE_WINDOW_MS,
  DuplicateCounter,
  PairRateLimit,
  type PairRateLimitOptions,
  Throughput,
  type ThroughputOptions,
} from "./limits.js";

/** A file uploaded with `POST /media`. */
export interface StoredMedia {
  readonly id: string;
  readonly mimeType: string;
  /** Lower-case hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly fileSize: number;
  /** Where the mock's CDN serves it (`/cdn/<token>`). */
  readonly cdnPath: string;
}

interface Channel {
  readonly media: Map<string, StoredMedia>;
  /** Blocked users: wa_id → the input the block request gave. */
  readonly blocked: Map<string, string>;
  profile: Record<string, unknown>;
}

/** The messaging options of the handler, as `createMockHandler` takes them. */
export interface MessagingOptions {
  throughput?: ThroughputOptions | false;
  pairRateLimit?: PairRateLimitOptions | false;
  cutResponses?: CutResponseOptions;
  duplicateWindowMs?: number;
  /** How many accepted messages are kept: `maxRecordedRequests`, already checked. */
  maxRecordedMessages: number;
}

/** The messaging state of one handler. */
export class Messaging {
  /** Accepted messages, oldest first; the newest `maxRecordedMessages` are kept. */
  readonly messages: SentMessage[] = [];
  readonly throughput: Throughput | undefined;
  readonly pairRateLimit: PairRateLimit | undefined;
  readonly cutResponses: CutResponses | undefined;
  readonly duplicates: DuplicateCounter;
  readonly #channels = new Map<string, Channel>();
  readonly #max: number;

  constructor(
    options: MessagingOptions,
    readonly events: MessageEvents,
    readonly cdn: MediaCdn,
    readonly now: () => number,
  ) {
    this.throughput =
      options.throughput === false ? undefined : new Throughput(options.throughput ?? {});
    this.pairRateLimit =
      options.pairRateLimit === false ? undefined : new PairRateLimit(options.pairRateLimit ?? {});
    this.cutResponses = options.cutResponses && new CutResponses(options.cutResponses);
    this.duplicates = new DuplicateCounter(
      options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    );
    this.#max = options.maxRecordedMessages;
  }

  /** The state of one channel, made on first use. */
  channel(apiKey: string): Channel {
    let channel = this.#channels.get(apiKey);
    if (channel === undefined) {
      channel = {
        media: new Map(),
        blocked: new Map(),
        profile: { messaging_product: "whatsapp" },
      };
      this.#channels.set(apiKey, channel);
    }
    return channel;
  }

  /** Keep an accepted message and tell the listeners. */
  record(message: SentMessage): void {
    this.messages.push(message);
    if (this.messages.length > this.#max) this.messages.splice(0, this.messages.length - this.#max);
    this.events.emit(message);
  }

  reset(): void {
    this.messages.length = 0;
    this.#channels.clear();
    this.throughput?.reset();
    this.pairRateLimit?.reset();
    this.cutResponses?.reset();
    this.duplicates.reset();
  }
}
