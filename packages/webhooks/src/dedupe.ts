// "Nothing lost, nothing twice": 360dialog redelivers a webhook that was not answered with a 2xx
// (and WhatsApp itself may send an event again), so the same message or status can arrive more
// than once. Before an event reaches a handler its key is claimed in a store; a key already
// claimed is skipped, and a claim is released when the handler fails, so that the redelivery is
// processed. A claim lives as long as redeliveries can come: "The API will attempt to re-deliver
// failed webhooks for up to 7 days with exponential backoff" (360dialog, "Receiving messages":
// https://docs.360dialog.com/partner/messaging/receiving-messages-via-webhook).

/**
 * Where claims of event keys are kept. `claim` must be atomic across every handler instance
 * that shares the store: of two concurrent claims of one key, exactly one resolves to `true`.
 */
export interface DedupeStore {
  /**
   * Claims `key` for `ttlMs` milliseconds. Resolves to `true` when the key was free (the caller
   * processes the event), `false` when it is already claimed (the event is a duplicate).
   */
  claim(key: string, ttlMs: number): boolean | Promise<boolean>;
  /** Releases a claim, so that the next delivery of the event is processed again. */
  release(key: string): void | Promise<void>;
}

/** Options of {@link createMemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /**
   * The most keys kept; past it, the least recently claimed key is forgotten first (LRU). A
   * forgotten key's event would be processed again if it arrived again, so keep this above the
   * number of events that can arrive within the redelivery window.
   * @default 100_000
   * @example
   * maxEntries: 1_000_000
   */
  maxEntries?: number;
  /**
   * The clock, in milliseconds; injectable for tests.
   * @default Date.now
   * @example
   * now: () => fakeTime
   */
  now?: () => number;
}

/** A {@link DedupeStore} in this process's memory, with `size` for monitoring. */
export interface MemoryDedupeStore extends DedupeStore {
  /** How many claims are held (expired ones may still count until they are touched). */
  readonly size: number;
}

/** The default number of keys the memory store keeps. */
export const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * A deduplication store in this process's memory: each claim expires after its TTL, and at
 * most `maxEntries` keys are kept (the oldest claim is dropped first). It deduplicates within one
 * process only; several processes or machines need a shared store such as
 * `@d360-messaging/webhooks/redis`.
 *
 * @example
 * const handler = createWebhookHandler({ secret, dedupe: createMemoryDedupeStore({ maxEntries: 10_000 }), onEvent });
 */
export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): MemoryDedupeStore {
  const { maxEntries = DEFAULT_MAX_ENTRIES, now = Date.now } = options;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(
      `createMemoryDedupeStore: maxEntries must be a positive integer, got ${maxEntries}`,
    );
  }
  // A Map keeps insertion order: re-inserting a key on claim moves it to the end, so the first
  // key is always the least recently claimed one (an LRU in a few lines, no dependency).
  const expiries = new Map<string, number>();
  return {
    get size() {
      return expiries.size;
    },
    claim(key, ttlMs) {
      const time = now();
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > time) return false;
      expiries.delete(key);
      expiries.set(key, time + ttlMs);
      while (expiries.size > maxEntries) {
        const oldest = expiries.keys().next().value as string;
        expiries.delete(oldest);
      }
      return true;
    },
    release(key) {
      expiries.delete(key);
    },
  };
}
