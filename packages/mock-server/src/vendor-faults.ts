import type { FaultSpec } from "./faults.js";
import { integerOption } from "./options.js";
import {
  type GraphErrorBody,
  legacyError,
  legacyRateLimitMessage,
  PROXY_503_HTML,
  RESTART_BODY,
  VENDOR_MESSAGES,
} from "./vendor.js";

/** Options of {@link vendorFaults}`.policyBlock`. */
export interface PolicyBlockOptions {
  /**
   * `error.error_subcode`. Neither Meta's nor 360dialog's pages say which subcode a 368 comes
   * with, so the default is only an example value.
   * @default 2494055
   */
  errorSubcode?: number;
  /**
   * `error.fbtrace_id`, Meta's request id. Fixed by default, so answers stay deterministic.
   * @default "AqD360MockTraceId0000000"
   */
  fbtraceId?: string;
}

/**
 * The presets of {@link vendorFaults}: each returns a {@link FaultSpec}. Written out as a type so
 * that the export has an explicit type (JSR refuses inferred types in a public API).
 */
export interface VendorFaults {
  /** 400 `{"error": "You have exceeded the endpoint rate limit."}`: the current rate-limit answer, without `Retry-After`. */
  rateLimit(): FaultSpec;

  /**
   * 400 in the legacy envelope: `{"meta": {"httpCode": 400, "developerMessage": "You have
   * exceeded the limit of 1 request every <seconds> seconds. Try again later.", "success": false}}`.
   * @param seconds - the interval the message names (a positive integer)
   * @default seconds 1
   */
  legacyRateLimit(seconds?: number): FaultSpec;

  /**
   * 403 with Meta's Graph error for code 368, "Temporarily blocked for policies violations",
   * which 360dialog passes through ("Meta Cloud API Integrity Errors"): a policy block on the
   * WhatsApp Business Account, not a wrong API key.
   */
  policyBlock(options?: PolicyBlockOptions): FaultSpec;

  /** 555 `{"meta": {"success": false, "http_code": 555, "developer_message": "Internal server error"}}`: the number's server restarting. */
  restart(): FaultSpec;

  /** 503 with the HTML error page of the proxy in front of the API (`text/html`). */
  proxyUnavailable(): FaultSpec;

  /** 400 `{"error": "Your WhatsApp for Business API has been disabled"}`: not transient, contact support. */
  disabled(): FaultSpec;

  /** 400 `{"error": "Could not send message due to lack of payment. …"}`: not transient, contact the partner. */
  lackOfPayment(): FaultSpec;

  /** 403 `{"error": "The endpoint is blocked"}`: 360dialog blocked this endpoint for the number. */
  endpointBlocked(): FaultSpec;
}

/**
 * Faults shaped like what the real 360dialog API (or the proxy in front of it) answers on a bad
 * day, from the vendor's "Error Code Reference" and "Error Messages" pages. Each returns a
 * {@link FaultSpec}: spread it to add `method`, `path`, `times` or `delayMs`.
 *
 * @example
 * ```ts
 * mock.faults.enqueue(vendorFaults.restart());
 * mock.faults.enqueue({ ...vendorFaults.legacyRateLimit(2), method: "POST", times: 2 });
 * ```
 */
export const vendorFaults: VendorFaults = {
  rateLimit(): FaultSpec {
    return { status: 400, body: { error: VENDOR_MESSAGES.rateLimit } };
  },

  legacyRateLimit(seconds = 1): FaultSpec {
    integerOption("legacyRateLimit seconds", seconds, 1);
    return { status: 400, body: legacyError(400, legacyRateLimitMessage(1, seconds)) };
  },

  policyBlock(options: PolicyBlockOptions = {}): FaultSpec {
    const body: GraphErrorBody = {
      error: {
        message: "(#368) Temporarily blocked for policies violations",
        type: "OAuthException",
        code: 368,
        error_subcode: integerOption(
          "policyBlock errorSubcode",
          options.errorSubcode ?? 2494055,
          0,
        ),
        fbtrace_id: options.fbtraceId ?? "AqD360MockTraceId0000000",
      },
    };
    return { status: 403, body };
  },

  restart(): FaultSpec {
    return { status: 555, body: RESTART_BODY };
  },

  proxyUnavailable(): FaultSpec {
    return {
      status: 503,
      body: PROXY_503_HTML,
      headers: { "content-type": "text/html" },
    };
  },

  disabled(): FaultSpec {
    return { status: 400, body: { error: VENDOR_MESSAGES.disabled } };
  },

  lackOfPayment(): FaultSpec {
    return { status: 400, body: { error: VENDOR_MESSAGES.lackOfPayment } };
  },

  endpointBlocked(): FaultSpec {
    return { status: 403, body: { error: VENDOR_MESSAGES.endpointBlocked } };
  },
};
