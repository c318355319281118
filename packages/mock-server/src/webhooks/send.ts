import { backoffDelay } from "./backoff.js";
import type { WebhookDelivery, WebhookEventKind, WebhookOutcome } from "./deliveries.js";
import type { ResolvedWebhookOptions, WebhookScheduler } from "./options.js";
import { signatureHeaders } from "./sign.js";

/** What one delivery needs from the dispatcher. */
export interface SendContext {
  readonly options: ResolvedWebhookOptions;
  readonly now: () => number;
  /** Told of each attempt, for the delivery log. */
  readonly record: (delivery: WebhookDelivery) => void;
  /** Aborted when the dispatcher stops: no further attempt starts, pending waits end. */
  readonly stopped: AbortSignal;
}

/** Wait `ms` on the scheduler; resolves early (to false) when `signal` aborts. */
export function wait(
  scheduler: WebhookScheduler,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      scheduler.clearTimeout(handle);
      resolve(false);
    };
    const handle = scheduler.setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * POST one webhook body, signed, until a 2xx answer or the retry limit: each attempt is logged.
 * Never rejects: a receiver's failure is the outcome's `ok: false`.
 */
export async function sendWebhook(
  context: SendContext,
  event: WebhookEventKind,
  messageId: string,
  body: string,
): Promise<WebhookOutcome> {
  const { options, stopped } = context;
  const headers = {
    ...options.headers,
    "content-type": "application/json",
    ...(await signatureHeaders(body, options)),
  };
  let attempt = 0;
  while (!stopped.aborted) {
    attempt++;
    const at = context.now();
    const answer = await attemptOnce(context, headers, body);
    const ok = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
    const willRetry = !ok && attempt <= options.retry.limit && !stopped.aborted;
    context.record({ url: options.url, event, messageId, attempt, at, ...answer, ok, willRetry });
    if (ok) return { messageId, event, ok, attempts: attempt, body };
    if (!willRetry) break;
    if (!(await wait(options.scheduler, backoffDelay(attempt, options.retry), stopped))) break;
  }
  return { messageId, event, ok: false, attempts: attempt, body };
}

async function attemptOnce(
  context: SendContext,
  headers: Record<string, string>,
  body: string,
): Promise<{ status?: number; error?: "timeout" | "connection" }> {
  const { options } = context;
  const controller = new AbortController();
  // The scheduler's timer, not AbortSignal.timeout: fake timers drive the former only.
  let timedOut = false;
  const timer = options.scheduler.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout);
  const onStop = () => controller.abort();
  context.stopped.addEventListener("abort", onStop, { once: true });
  try {
    const response = await options.fetch(
      new Request(options.url, { method: "POST", headers, body, signal: controller.signal }),
    );
    // Only the status matters: the body is dropped unread, so a receiver that streams without
    // end costs neither memory nor time.
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status };
  } catch {
    return { error: timedOut ? "timeout" : "connection" };
  } finally {
    options.scheduler.clearTimeout(timer);
    context.stopped.removeEventListener("abort", onStop);
  }
}
