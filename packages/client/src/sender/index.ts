/**
 * Sending many messages: {@link createSender} paces `POST /messages` to the number's throughput
 * and the pair limit, sends again only what the API refused unprocessed, and reports what may
 * have been sent as `outcome_unknown`, to be matched with a status webhook (`reconcile`).
 *
 * @packageDocumentation
 */
export type { RejectReason } from "./classify.js";
export { createMemoryRateStore, type RateStore } from "./rate-store.js";
export { createSender, type Sender } from "./sender.js";
export type {
  FailedResult,
  NotAttemptedResult,
  RawStatus,
  Reconciled,
  ResultBase,
  SenderClient,
  SenderClock,
  SenderMessage,
  SenderOptions,
  SenderTotals,
  SendOptions,
  SendResult,
  SentResult,
  StatusEventLike,
  StatusLike,
  UnknownResult,
} from "./types.js";
