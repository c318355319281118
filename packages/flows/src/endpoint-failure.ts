import type { FlowEndpointErrorCode } from "./endpoint-options.js";

// The endpoint is a few small steps (endpoint.ts); each either returns what the next needs or
// throws one EndpointFailure carrying the status, the code for onError and the cause. One place,
// failureResponse, turns a failure into the HTTP answer, so that every status body stays one of
// the fixed texts below and never echoes the request or a secret.

/** Why a request gets an answer other than a normal 200. Internal to the endpoint. */
export class EndpointFailure extends Error {
  override name = "EndpointFailure";
  readonly status: number;
  readonly code: FlowEndpointErrorCode;
  /** For 427: the message WhatsApp shows, sent as `{"error_msg": …}`. */
  readonly errorMsg: string | undefined;

  constructor(
    status: number,
    code: FlowEndpointErrorCode,
    message: string,
    options?: { cause?: unknown; errorMsg?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
    this.errorMsg = options?.errorMsg;
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
  if (failure.status === 427) {
    // Meta, "Implementing Endpoint for Flows", endpoint error codes: 427 with an optional
    // `error_msg` that WhatsApp shows to the user.
    return failure.errorMsg === undefined
      ? new Response(null, { status: 427 })
      : Response.json({ error_msg: failure.errorMsg }, { status: 427 });
  }
  return new Response(TEXTS[failure.status] ?? TEXTS[500], {
    status: failure.status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      ...(failure.status === 405 ? { Allow: "POST" } : {}),
      // A body that did not arrive in time leaves the connection in an unknown state.
      ...(failure.status === 408 ? { Connection: "close" } : {}),
    },
  });
}
