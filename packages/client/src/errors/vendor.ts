// What 360dialog's API really answers when something is wrong, as its own documentation lists
// it: "Error Code Reference" (docs.360dialog.com/docs/support/api-error-message-list, "360Dialog
// Messaging Errors" and "Meta Cloud API Integrity Errors") and the older "Error Messages" page
// (docs.360dialog.com/docs/useful/api-error-message-list, which lists 555 for server restarts).
// Classification reads this one table; nothing else in the client names a vendor message. The
// rows that depend on the status alone are `statusKind` (ApiError.ts, so that an ApiError built
// without this module still has a kind) with their hints below.

import { type ApiErrorKind, statusKind } from "./ApiError.js";

/** One row of the table: when it matches, and what to tell the user. */
interface Signature {
  kind: ApiErrorKind;
  status: number;
  /** The vendor's message must match this (case-insensitive). */
  text?: RegExp;
  /** Meta's numeric `error.code` must be this. */
  code?: number;
  hint: string;
}

const CONTACT = "contact 360dialog support";

// First match wins; when none does, the status alone decides (statusKind, HINTS).
const SIGNATURES: Signature[] = [
  // "You have exceeded the endpoint rate limit." (400); the older envelope says "You have
  // exceeded the limit of 1 request every N seconds" (issue 10; not on the current pages), the
  // older "Error Messages" page "Endpoint calls limits has been exceeded".
  {
    kind: "rate_limit",
    status: 400,
    text: /exceeded the (?:endpoint rate )?limit|limits? ha(?:s|ve) been exceeded/i,
    hint: "Rate limited: send fewer requests",
  },
  // Meta's throughput answers, passed through with HTTP 400 and Meta's code: 130429 (throughput
  // exceeded), 131057 (throughput upgrade in progress), 131056 (pair rate limit); Meta,
  // "Throughput" (developers.facebook.com/documentation/business-messaging/whatsapp/throughput)
  // and "WhatsApp error codes" (…/whatsapp/support/error-codes). The request was refused
  // unprocessed, so even a message is sent again (retry/send-failure.ts).
  ...[130429, 131057, 131056].map(
    (code): Signature => ({
      kind: "rate_limit",
      status: 400,
      code,
      hint: "Rate limited by Meta: send fewer messages per second (or to this recipient)",
    }),
  ),
  {
    kind: "account_disabled",
    status: 400,
    text: /has been disabled/i,
    hint: `API access is disabled: ${CONTACT} or your integration partner`,
  },
  {
    kind: "payment",
    status: 400,
    text: /lack of payment/i,
    hint: "Unpaid invoices: contact your integration partner",
  },
  // Meta's integrity errors arrive as 403 with Meta's code, e.g. 368 "Temporarily blocked for
  // policies violations"; a 403 without one is 360dialog's "The endpoint is blocked" (statusKind).
  {
    kind: "policy",
    status: 403,
    code: 368,
    hint: `Meta restricted this account for a policy violation: ${CONTACT}`,
  },
];

// The hints of the status-only rows (statusKind).
const HINTS: Partial<Record<ApiErrorKind, string>> = {
  unauthorized: "Check the apiKey option (wrong or revoked key)",
  // 360dialog's "The endpoint is blocked", or a Meta block without a code. A wrong key is 401.
  blocked: `The endpoint is blocked, or Meta blocked the account: ${CONTACT} (a wrong key is 401)`,
  not_found: "Check baseUrl and the path",
  rate_limit: "Rate limit: slow down",
  restarting: `The server is restarting: try again later (if it happens more than 3 times a day, ${CONTACT})`,
  unavailable: "Not available: try again later",
  server: "Try again later",
};

/** The vendor's own words and code, whatever the envelope. */
export interface VendorDetail {
  /** The vendor's message (an HTML page's title or text), if the body has one. */
  message?: string | undefined;
  /** Meta's numeric `error.code`, if the body has one. */
  code?: number | undefined;
}

/**
 * Read the vendor's message and code from an error body: the spec's `{"error": "text"}`, Meta's
 * Graph errors passed through (`{"error": {"message", "type", "code", "error_subcode",
 * "fbtrace_id"}}`), the legacy `{"meta": {"httpCode" | "http_code", "developerMessage" |
 * "developer_message", "success"}}`, or text (an HTML page from a proxy: its title or text).
 */
export function vendorDetail(body: unknown): VendorDetail {
  if (typeof body === "string") {
    // Only a bounded head: these patterns backtrack (`<` without `>` is quadratic), and the
    // body is whatever the server sent.
    const text = head(body);
    const title = /<title[^>]*>([^<]*)/i.exec(text)?.[1];
    return { message: (title ?? text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim() };
  }
  const { error, meta } = (body ?? {}) as { error?: unknown; meta?: Record<string, unknown> };
  if (typeof error === "string") return { message: head(error) };
  if (error && typeof error === "object") {
    const { message, code } = error as Record<string, unknown>;
    return {
      message: typeof message === "string" ? head(message) : undefined,
      code: typeof code === "number" ? code : undefined,
    };
  }
  const legacy = meta?.developerMessage ?? meta?.developer_message;
  return { message: typeof legacy === "string" ? head(legacy) : undefined };
}

/**
 * How much of a server's text the vendor patterns look at: the vendor's messages are a line
 * long; an HTML error page has its title near the top.
 */
export const VENDOR_HEAD = 4_096;

function head(text: string): string {
  return text.length > VENDOR_HEAD ? text.slice(0, VENDOR_HEAD) : text;
}

/** The matching row's kind and hint for a status and the vendor's detail. */
export function classify(
  status: number,
  detail: VendorDetail,
): { kind: ApiErrorKind; hint: string } {
  for (const s of SIGNATURES) {
    if (
      s.status === status &&
      (!s.text || s.text.test(detail.message ?? "")) &&
      (s.code === undefined || s.code === detail.code)
    ) {
      return s;
    }
  }
  const kind = statusKind(status);
  return { kind, hint: HINTS[kind] ?? "" };
}

/**
 * For a response the retry wrapper holds: when it is a rate limit the vendor signals with a
 * 400, the wait its message names ("every N seconds", in ms), or `0` when it names none.
 * `undefined` when it is not a rate limit.
 */
export function rateLimitWait(status: number, body: unknown): number | undefined {
  if (status !== 400) return;
  const detail = vendorDetail(body);
  if (classify(status, detail).kind !== "rate_limit") return;
  const seconds = /every (\d{1,6}) seconds?/i.exec(detail.message ?? "")?.[1];
  return seconds ? Number(seconds) * 1000 : 0;
}
