// What one failure of `POST /messages` means for a message in the sender: send it again (and who
// must slow down), report it as outcome unknown, or report it as refused for good.
import { type ApiError, isApiError } from "../errors/ApiError.js";
import { isD360Error } from "../errors/D360Error.js";
import { maybeProcessed } from "../retry/send-failure.js";

// Meta's codes for a message refused because of how fast it was sent (Meta, "WhatsApp error
// codes", https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes,
// and "Throughput", https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput):
// 130429 throughput exceeded, 131057 the number is being upgraded to a higher throughput (unusable
// for up to a minute), 131056 too many messages to one recipient (the pair rate limit), 4 and
// 80007 Graph API / WhatsApp Business Account call limits.
const NUMBER_LIMIT = new Set([130429, 131057, 4, 80007]);
const PAIR_LIMIT = 131056;

/**
 * Why a message was refused for good (retrying the same message cannot help), from Meta's error
 * code reference (URL above) where a code names the cause, else the client's `ApiError.kind`.
 */
export type RejectReason =
  | "invalid_recipient"
  | "invalid_message"
  | "template"
  | "payment"
  | "policy"
  | "reengagement"
  | "spam_rate_limit"
  | "user_opted_out"
  | "unauthorized"
  | "blocked"
  | "account_disabled"
  | "client";

// Codes confirmed by title in Meta's reference (URL above). 131048 "Spam rate limit hit": the
// number's quality caps it; trying again soon does not help, so it is a rejection, not pacing.
const REASONS: Record<number, RejectReason> = {
  131026: "invalid_recipient", // Message undeliverable (not a WhatsApp user, old app, …)
  133010: "invalid_recipient", // Phone number not registered
  100: "invalid_message", // Invalid parameter
  131008: "invalid_message", // Required parameter is missing
  131009: "invalid_message", // Parameter value is not valid
  131051: "invalid_message", // Unsupported message type
  132000: "template", // Template param count mismatch
  132001: "template", // Template does not exist
  132005: "template", // Template hydrated text too long
  132007: "template", // Template format character policy violated
  132012: "template", // Template parameter format mismatch
  132015: "template", // Template is paused
  132016: "template", // Template is disabled
  131042: "payment", // Business eligibility payment issue
  368: "policy", // Temporarily blocked for policies violations
  131031: "policy", // Account has been locked
  130497: "policy", // Business account is restricted from messaging users in this country
  131047: "reengagement", // Re-engagement message (more than 24 h since the user's last reply)
  131048: "spam_rate_limit",
  131050: "user_opted_out", // User stopped marketing messages
};

/** What one failure of `POST /messages` means for the message. */
export type SendFailure =
  /** Not processed: safe to send again. `scope` says who must slow down. */
  | { verdict: "not_processed"; scope: "number" | "recipient" | "connection"; retryAfter?: number }
  /** The request may have been processed: reported as outcome unknown, never sent again. */
  | { verdict: "maybe_processed" }
  /** Refused for good: retrying cannot help. */
  | { verdict: "rejected"; reason: RejectReason; error: ApiError };

/**
 * Classify what `sendMessage` threw. Anything not known to be "not processed" or a documented
 * refusal counts as "maybe processed": an error of the caller's own code (a custom fetch, a
 * middleware) may come after the body went out, so it is never a reason to send again.
 */
export function sendFailure(error: unknown): SendFailure {
  if (!isD360Error(error) || maybeProcessed(error)) return { verdict: "maybe_processed" };
  if (!isApiError(error)) return { verdict: "not_processed", scope: "connection" };
  const { status, code, kind } = error;
  if (code === PAIR_LIMIT) {
    return { verdict: "not_processed", scope: "recipient", retryAfter: error.retryAfter };
  }
  if (kind === "rate_limit" || (code !== undefined && NUMBER_LIMIT.has(code))) {
    return { verdict: "not_processed", scope: "number", retryAfter: error.retryAfter };
  }
  if (status === 408) return { verdict: "not_processed", scope: "connection" };
  const reason =
    (code === undefined ? undefined : REASONS[code]) ??
    (kind === "unauthorized" ||
    kind === "blocked" ||
    kind === "account_disabled" ||
    kind === "payment" ||
    kind === "policy"
      ? kind
      : "client");
  return { verdict: "rejected", reason, error };
}
