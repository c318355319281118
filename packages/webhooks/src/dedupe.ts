// "Nothing lost, nothing twice": 360dialog redelivers a webhook that was not answered with a 2xx
// (and WhatsApp itself may send an event again), so the same message or status can arrive more
// than once. Before an event reaches a handler its key is claimed in a store; a key already
// claimed is skipped, and a claim is released when the handler fails, so that the redelivery is
// processed. A claim lives as long as redeliveries can come: "The API will attempt to re-deliver
// failed webhooks for up to 7 days with exponential backoff" (360dialog, "Receiving messages":
// https://docs.360dialog.com/partner/messaging/receiving-messages-via-webhook).

//
// A claim has two phases. While the handlers run it is a lease of `dedupeLeaseMs`; when they
// succeed it becomes "done" for `dedupeTtlMs`. A delivery that finds the lease held is answered
// 503, so that the sender comes back once the first delivery has finished or failed, rather than
// 200, which would lose the event if that first delivery then failed. A process that dies while
// its handlers run holds its lease only until it runs out: a redelivery then processes the event.
// (A single TTL of 7 days, as a claim that is never completed, would skip every redelivery of an
// event whose process died: lost.) A handler that runs longer than its lease can meet a second
// run of the same event: processed twice, never lost, which is why the lease should outlast the
// slowest handler.

/** What a claim found: the key was free (or its lease had run out), is being processed, or was processed. */
export type ClaimState = "claimed" | "in-progress" | "done";

/**
 * Where claims of event keys are kept. `claim` must be atomic across every handler instance
 * that shares the store: of two concurrent claims of one key, exactly one gets `"claimed"`.
 */
export interface DedupeStore {
  /**
   * Claims `key` for `leaseMs` milliseconds unless it is held: `"claimed"` when it was free (the
   * caller processes the event), `"in-progress"` while another claim's lease runs, `"done"` once
   * the event was processed.
   */
  claim(key: string, leaseMs: number): ClaimState | Promise<ClaimState>;
  /** Marks a claimed key as processed, kept for `ttlMs` milliseconds. */
  complete(key: string, ttlMs: number): void | Promise<void>;
  /**
   * Releases a claim still in progress, so that the next delivery of the event is processed; a
   * key already processed stays.
   */
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
 * A deduplication store in this process's memory: a lease or a processed key expires after its
 * time, and at most `maxEntries` keys are kept (the least recently claimed is dropped first). It
 * deduplicates within one process only; several processes or machines need a shared store such
 * as `@d360-messaging/webhooks/redis`.
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
  // A Map keeps insertion order: re-inserting a key moves it to the end, so the first key is
  // always the least recently claimed one (an LRU in a few lines, no dependency).
  const entries = new Map<string, { done: boolean; expiry: number }>();
  const put = (key: string, done: boolean, ms: number) => {
    entries.delete(key);
    entries.set(key, { done, expiry: now() + ms });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };
  return {
    get size() {
      return entries.size;
    },
    claim(key, leaseMs) {
      const entry = entries.get(key);
      if (entry !== undefined && entry.expiry > now()) return entry.done ? "done" : "in-progress";
      put(key, false, leaseMs);
      return "claimed";
    },
    complete(key, ttlMs) {
      put(key, true, ttlMs);
    },
    release(key) {
      if (entries.get(key)?.done === false) entries.delete(key);
    },
  };
}
