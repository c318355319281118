import type { WebhookEvent } from "./events.js";
import type { WebhookFailureCode } from "./options.js";

// Fixed answer texts: a response never echoes the request or a secret.
const TEXTS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Payload Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** A failure on the way to an answer; one place (the handler's `refuse`) turns it into a response. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly code: WebhookFailureCode,
    readonly message: string,
    readonly error?: unknown,
    readonly event?: WebhookEvent,
  ) {}
}

/** A plain-text answer with the status's fixed text; `allow` for a 405. */
export function respond(status: number, allow?: string): Response {
  return new Response(TEXTS[status] ?? TEXTS[500], {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      ...(allow === undefined ? {} : { allow }),
    },
  });
}
