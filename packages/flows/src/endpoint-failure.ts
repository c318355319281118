import type { FlowEndpointErrorCode } from "./endpoint-options.js";

// The endpoint is a few plain functions (endpoint-steps.ts); each either returns what the next
// needs or throws one EndpointFailure carrying the code for onError and the cause. The status is
// never chosen where a step fails: STATUS below maps each code to it, and failureResponse turns a
// failure into the HTTP answer, so that every status body stays one of the fixed texts below and
// never echoes the request or a secret.

/**
 * The one table from failure code to HTTP status. Meta, "Implementing Endpoint for Flows",
 * endpoint error codes: 421 makes WhatsApp re-fetch the public key and retry, 427 disables the
 * flow for the user, 432 is a signature that does not verify.
 */
export const STATUS: Readonly<Record<FlowEndpointErrorCode, number>> = {
  "method-not-allowed": 405,
  "payload-too-large": 413,
  "body-read-failed": 400,
  "body-timeout": 408,
  "missing-signature": 432,
  "invalid-signature": 432,
  "malformed-request": 400,
  "invalid-base64": 421,
  "invalid-iv-length": 421,
  "aes-key-decryption-failed": 421,
  "invalid-aes-key-length": 421,
  "authentication-failed": 421,
  "invalid-payload": 421,
  // 500, not 421: a 421 would only make WhatsApp re-fetch a public key that is not at fault.
  "private-key-import-failed": 500,
  "flow-token-expired": 427,
  "handler-failed": 500,
  "handler-timeout": 500,
  "invalid-handler-response": 500,
  // The notification is acknowledged anyway: WhatsApp only needs to know it arrived.
  "error-notification-hook-failed": 200,
  "internal-error": 500,
};

/** Why a request gets an answer other than a normal 200. Internal to the endpoint. */
export class EndpointFailure extends Error {
  override name = "EndpointFailure";
  readonly code: FlowEndpointErrorCode;
  /** For 427: the message WhatsApp shows, sent as `{"error_msg": …}`. */
  readonly errorMsg: string | undefined;

  constructor(
    code: FlowEndpointErrorCode,
    message: string,
    options?: { cause?: unknown; errorMsg?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.errorMsg = options?.errorMsg;
  }

  /** The HTTP status of this failure, from {@link STATUS}. */
  get status(): number {
    return STATUS[this.code];
  }
}

const TEXTS: Record<number, string> = {
  400: "Bad Request",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Payload Too Large",
  421: "Misdirected Request",
  432: "Invalid Signature",
  500: "Internal Server Error",
};

/** The one place where a failure becomes a response. */
export function failureResponse(failure: EndpointFailure): Response {
  const status = failure.status;
  if (status === 427) {
    // Meta, "Implementing Endpoint for Flows", endpoint error codes: 427 with an optional
    // `error_msg` that WhatsApp shows to the user.
    return failure.errorMsg === undefined
      ? new Response(null, { status: 427 })
      : Response.json({ error_msg: failure.errorMsg }, { status: 427 });
  }
  return new Response(TEXTS[status] ?? TEXTS[500], {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      ...(status === 405 ? { Allow: "POST" } : {}),
      // A body that did not arrive in time leaves the connection in an unknown state.
      ...(status === 408 ? { Connection: "close" } : {}),
    },
  });
}
