// What the real 360dialog API answers, as its own documentation shows it. One home for the
// vendor's texts and envelopes: the rate limit and the fault presets read them from here.
//
// Sources (docs.360dialog.com):
// - "Error Code Reference" (docs/support/api-error-message-list): the current developer
//   messages by status. It lists texts, not bodies; the body used with them is the spec's
//   `utils.ErrorResp`, `{"error": "<text>"}`, the only error schema the OpenAPI documents have.
// - "Error Messages" (partner/help-and-support/error-messages, and the older
//   docs/useful/api-error-message-list): the legacy `{"meta": {…}}` envelope with its payloads,
//   the 555 restart body in snake_case, and the HTML 503 page of the proxy in front of the API.

/** The vendor's developer messages ("Error Code Reference"). */
export const VENDOR_MESSAGES = {
  /** 400: the per-endpoint rate limit. */
  rateLimit: "You have exceeded the endpoint rate limit.",
  /** 400: the number's API access was switched off. */
  disabled: "Your WhatsApp for Business API has been disabled",
  /** 400: unpaid invoices. */
  lackOfPayment:
    "Could not send message due to lack of payment. Messaging can resume once overdue invoices towards 360Dialog are settled. Please reach out to our integration partner.",
  /** 401: wrong or unknown key. */
  invalidApiKey: "Invalid API key",
  /** 403: an endpoint 360dialog has blocked for this number. */
  endpointBlocked: "The endpoint is blocked",
} as const;

/**
 * The legacy envelope ("Error Messages"): `{"meta": {"httpCode", "developerMessage", "success"}}`;
 * the 555 restart payload on the same page spells the fields in snake_case instead.
 */
export interface LegacyErrorBody {
  meta:
    | { httpCode: number; developerMessage: string; success: false }
    | { success: false; http_code: number; developer_message: string };
}

/** `{"meta": {"httpCode", "developerMessage", "success": false}}`, in the page's key order. */
export function legacyError(httpCode: number, developerMessage: string): LegacyErrorBody {
  return { meta: { httpCode, developerMessage, success: false } };
}

/**
 * The legacy rate-limit text ("Error Messages", Usage Limit), whose `*` is the window in seconds.
 * The page shows only "1 request every * seconds"; for a budget above one the mock says
 * "N requests every", which the vendor's docs do not show.
 */
export function legacyRateLimitMessage(requests: number, seconds: number): string {
  const budget = requests === 1 ? "1 request" : `${requests} requests`;
  return `You have exceeded the limit of ${budget} every ${seconds} seconds. Try again later.`;
}

/** The restart answer ("Error Messages", Internal Server Error): status 555, snake_case meta. */
export const RESTART_BODY: LegacyErrorBody = {
  meta: { success: false, http_code: 555, developer_message: "Internal server error" },
};

/**
 * The 503 page of the proxy in front of the API ("Error Messages" shows it beginning
 * `<html><head><title>503 Service Temporarily Unavailable</title></head><body>`); the rest is
 * nginx's stock error page, which that title belongs to.
 */
export const PROXY_503_HTML =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/**
 * A Meta Graph API error passed through by 360dialog (Meta, "Error codes" of the WhatsApp
 * Business Platform: `{"error": {"message", "type", "code", "error_data", "error_subcode",
 * "fbtrace_id"}}`).
 */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: "whatsapp"; details: string };
    fbtrace_id: string;
  };
}

/**
 * The Graph API error codes the mock answers with on Meta's endpoints, with their titles (Meta,
 * "WhatsApp error codes",
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/:
 * "Code titles ... are included as part of the `message` value").
 */
export const GRAPH_ERRORS = {
  /** A parameter is missing or invalid. */
  invalidParameter: { code: 100, title: "Invalid parameter" },
  /** The number's throughput was reached (Meta, "Throughput": "error code 130429"). */
  rateLimit: { code: 130429, title: "Rate limit hit" },
  /** Too many messages from the number to one user in a short time. */
  pairRateLimit: {
    code: 131056,
    title: "(Business Account, Consumer Account) pair rate limit hit",
  },
} as const;

/** A Graph API error as Meta answers it, passed through by 360dialog. */
export function graphError(
  status: number,
  error: { readonly code: number; readonly title: string },
  details: string,
  subcode?: number,
): Response {
  const body: GraphErrorBody = {
    error: {
      message: `(#${error.code}) ${error.title}`,
      type: "OAuthException",
      code: error.code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      error_data: { messaging_product: "whatsapp", details },
      fbtrace_id: fbtraceId(),
    },
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** 400 with Meta's "Invalid parameter" (code 100): what the hand-written routes answer bad input with. */
export function invalidParameter(details: string): Response {
  return graphError(400, GRAPH_ERRORS.invalidParameter, details);
}

// Meta's trace ids are opaque strings of letters and digits (e.g. "A4O5a8RAgePwbcGSu").
function fbtraceId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(17)), (b) => alphabet[b % 62]).join("");
}
