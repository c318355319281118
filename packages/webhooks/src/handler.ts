import { readBounded } from "@d360-messaging/keys/internal";
import { Refusal, respond } from "./answers.js";
import { createMemoryDedupeStore, type DedupeStore } from "./dedupe.js";
import { WebhookTimeoutError } from "./errors.js";
import { flattenEvents, isWebhookBody, type WebhookEvent } from "./events.js";
import type { HmacBackend } from "./hmac.js";
import type {
  WebhookContext,
  WebhookFailure,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookKindHandlers,
} from "./options.js";
import {
  type BodyCheck,
  type Check,
  type SignatureFailure,
  senderChecks,
  valueMatcher,
} from "./signature.js";
import { answerVerification } from "./verification.js";

/** The default largest body, the same as the Flows endpoint's. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** The default deadline for the body and the handlers. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The default lifetime of a processed key: 360dialog redelivers partner webhooks for up to 7 days. */
export const DEFAULT_DEDUPE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** The default lease of a claim while its handlers run. */
export const DEFAULT_DEDUPE_LEASE_MS = 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
// Replacement characters for malformed UTF-8 (the default), as `Response.json()` decodes.
const utf8 = new TextDecoder();

/**
 * The context handlers receive. Its signal is made when a handler first reads it: on Node 20 an
 * AbortController is about 4% of a webhook's CPU time (`node --cpu-prof` over the bench, 1 KB
 * body), and most handlers never look at it.
 */
function handlerContext(request: Request): {
  context: WebhookContext;
  abort: (reason: unknown) => void;
} {
  let controller: AbortController | undefined;
  return {
    context: {
      request,
      get signal() {
        controller ??= new AbortController();
        return controller.signal;
      },
    },
    abort: (reason) => {
      controller ??= new AbortController();
      controller.abort(reason);
    },
  };
}

function checkNumber(name: string, value: number, allowOff: boolean): void {
  const off = allowOff && (value === 0 || value === Number.POSITIVE_INFINITY);
  if (
    !off &&
    !(
      Number.isInteger(value) &&
      value > 0 &&
      value <= (allowOff ? MAX_TIMER_MS : Number.MAX_SAFE_INTEGER)
    )
  ) {
    throw new RangeError(
      `createWebhookHandler: ${name} must be a positive integer${allowOff ? ` up to ${MAX_TIMER_MS}, 0 or Infinity (off)` : ""}, got ${value}`,
    );
  }
}

const SIGNATURE_MESSAGES: Record<SignatureFailure, string> = {
  "missing-signature": "The request carries no signature header; refused with 401",
  "invalid-signature": "The request's signature does not match the body; refused with 401",
  "missing-header": "A required header is missing; refused with 401",
  "invalid-header": "A required header has another value; refused with 401",
};

/**
 * The receiver over one HMAC backend: WebCrypto in the web build (index.ts), node:crypto in the
 * Node build (index.node.ts). See `createWebhookHandler` in index.ts for what it does.
 */
export function createWebhookHandlerUsing(
  backend: HmacBackend,
  options: WebhookHandlerOptions,
): WebhookHandler {
  const checks: Check[] = senderChecks(backend, options);
  const {
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    dedupeTtlMs = DEFAULT_DEDUPE_TTL_MS,
    dedupeLeaseMs = DEFAULT_DEDUPE_LEASE_MS,
    ack = "after-processing",
    onEvent,
    on = {},
    onError,
  } = options;
  checkNumber("maxBodyBytes", maxBodyBytes, false);
  checkNumber("timeoutMs", timeoutMs, true);
  checkNumber("dedupeTtlMs", dedupeTtlMs, false);
  checkNumber("dedupeLeaseMs", dedupeLeaseMs, false);
  if (ack !== "after-processing" && ack !== "immediately") {
    throw new TypeError(
      `createWebhookHandler: ack must be "after-processing" or "immediately", got ${String(ack)}`,
    );
  }
  const { verifyToken } = options;
  if (verifyToken !== undefined && (typeof verifyToken !== "string" || verifyToken === "")) {
    throw new TypeError("createWebhookHandler: verifyToken must be a non-empty string");
  }
  const tokenMatches = verifyToken === undefined ? undefined : valueMatcher(backend, verifyToken);
  const allowed = verifyToken === undefined ? "POST" : "GET, POST";
  const store: DedupeStore | undefined =
    options.dedupe === false ? undefined : (options.dedupe ?? createMemoryDedupeStore());
  const deadline = timeoutMs > 0 && Number.isFinite(timeoutMs);
  const handlers: WebhookKindHandlers = on;

  const report = (failure: WebhookFailure): void => {
    if (onError === undefined) return;
    try {
      onError(failure);
    } catch {
      // onError is for logging; its own failure must not change the answer.
    }
  };

  /**
   * Reports a refusal. `after` says which answer had already gone when it happened: such a
   * failure has no status of its own, and its message loses the "answered …" clause.
   */
  const reportRefusal = (request: Request, refusal: Refusal, after?: string): void => {
    report({
      code: refusal.code,
      status: after === undefined ? refusal.status : undefined,
      message:
        after === undefined ? refusal.message : `${refusal.message.split(";")[0]} (${after})`,
      request,
      ...(refusal.error === undefined ? {} : { error: refusal.error }),
      ...(refusal.event === undefined ? {} : { event: refusal.event }),
    });
  };

  const refuse = (request: Request, refusal: Refusal): Response => {
    reportRefusal(request, refusal);
    return respond(refusal.status, refusal.status === 405 ? allowed : undefined);
  };

  /** Runs onEvent and the kind's handler for one event. */
  const dispatch = async (event: WebhookEvent, context: WebhookContext): Promise<void> => {
    if (onEvent !== undefined) await onEvent(event, context);
    const handler = handlers[event.kind] as
      | ((event: WebhookEvent, context: WebhookContext) => void | Promise<void>)
      | undefined;
    if (handler !== undefined) await handler(event, context);
  };

  /**
   * Processes events in order. Each keyed event is claimed first: a processed one is skipped; one
   * that another delivery is processing stops the run with 503 (or, when the answer has already
   * gone, is left to that delivery). A failing handler releases its claim and stops the run, so
   * the events after it stay unclaimed and a redelivery processes exactly those. A key that
   * appears twice in one body is processed once.
   */
  const processAll = async (
    events: WebhookEvent[],
    context: WebhookContext,
    answered: boolean,
  ): Promise<void> => {
    const ours = new Set<string>();
    for (const event of events) {
      const key = store === undefined ? undefined : event.key;
      if (key !== undefined) {
        if (ours.has(key)) continue;
        let state: string;
        try {
          state = await (store as DedupeStore).claim(key, dedupeLeaseMs);
        } catch (error) {
          throw new Refusal(
            503,
            "dedupe-failed",
            "The dedupe store could not claim an event key; answered 503 so that the sender redelivers",
            error,
            event,
          );
        }
        if (state === "done" || (state === "in-progress" && answered)) continue;
        if (state !== "claimed") {
          throw new Refusal(
            503,
            "event-in-progress",
            "Another delivery of this event is being processed; answered 503 so that the sender comes back when it has finished",
            undefined,
            event,
          );
        }
        ours.add(key);
      }
      try {
        await dispatch(event, context);
      } catch (error) {
        if (key !== undefined) {
          try {
            await store?.release(key);
          } catch {
            // The lease runs out by itself; the handler's failure is what gets reported.
          }
        }
        throw new Refusal(
          500,
          "handler-failed",
          `A ${event.kind} handler threw; answered 500 so that the sender redelivers`,
          error,
          event,
        );
      }
      if (key !== undefined) {
        try {
          await store?.complete(key, dedupeTtlMs);
        } catch (error) {
          // The event was processed; answering 5xx would have it processed again. Its lease
          // runs out instead, after which a further delivery would be processed again.
          report({
            code: "dedupe-failed",
            status: undefined,
            message: `The dedupe store could not mark an event processed; a delivery after dedupeLeaseMs (${dedupeLeaseMs} ms) would process it again`,
            error,
            event,
            request: context.request,
          });
        }
      }
    }
  };

  const verify = async (request: Request, started: number): Promise<WebhookEvent[]> => {
    // What the headers alone decide comes first: a request without a valid-looking signature is
    // refused before a byte of its body is read.
    const bodyChecks: BodyCheck[] = [];
    let refused: SignatureFailure | undefined;
    for (const check of checks) {
      const result = await check(request.headers);
      if (typeof result === "string") refused ??= result;
      else if (result !== undefined) bodyChecks.push(result);
    }
    if (refused !== undefined) {
      await request.body?.cancel().catch(() => {});
      throw new Refusal(401, refused, SIGNATURE_MESSAGES[refused]);
    }
    let body: Uint8Array | undefined;
    try {
      body = await readBounded(request.body, request.headers.get("content-length"), maxBodyBytes, {
        ...(deadline ? { timeoutMs: timeoutMs - (Date.now() - started) } : {}),
        timeoutError: () =>
          new Refusal(408, "body-timeout", `The body did not arrive within ${timeoutMs} ms`),
      });
    } catch (error) {
      if (error instanceof Refusal) throw error;
      throw new Refusal(400, "body-read-failed", "The request body could not be read", error);
    }
    if (body === undefined) {
      throw new Refusal(
        413,
        "payload-too-large",
        `The body is larger than maxBodyBytes (${maxBodyBytes}); refused with 413 without reading it`,
      );
    }
    for (const bodyCheck of bodyChecks) {
      const failure = await bodyCheck(body);
      if (failure !== undefined) {
        throw new Refusal(401, failure, SIGNATURE_MESSAGES[failure]);
      }
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(body));
    } catch {
      // No cause: a SyntaxError quotes the text it failed on.
      throw new Refusal(400, "invalid-json", "The body is not JSON; refused with 400");
    }
    if (!isWebhookBody(parsed)) {
      throw new Refusal(
        400,
        "not-a-webhook",
        'The body is JSON but not a WhatsApp webhook (object "whatsapp_business_account" with entry[].changes[].field and value); refused with 400',
      );
    }
    return flattenEvents(parsed);
  };

  return async (request, _env, ctx) => {
    const started = Date.now();
    if (request.method === "GET" && tokenMatches !== undefined) {
      const answer = await answerVerification(request, tokenMatches);
      return answer instanceof Refusal ? refuse(request, answer) : answer;
    }
    if (request.method !== "POST") {
      await request.body?.cancel().catch(() => {});
      return refuse(
        request,
        new Refusal(
          405,
          "method-not-allowed",
          `${request.method} is not allowed; webhooks are POSTed`,
        ),
      );
    }
    let events: WebhookEvent[];
    try {
      events = await verify(request, started);
    } catch (error) {
      if (error instanceof Refusal) return refuse(request, error);
      throw error;
    }

    if (ack === "immediately") {
      const work = processAll(events, handlerContext(request).context, true).catch(
        (error: unknown) => {
          const refusal =
            error instanceof Refusal
              ? error
              : new Refusal(500, "handler-failed", "Background processing failed", error);
          reportRefusal(request, refusal, "after the 200 answer: not redelivered");
        },
      );
      const waitUntil = options.waitUntil ?? ctx?.waitUntil?.bind(ctx);
      waitUntil?.(work);
      return respond(200);
    }

    const { context, abort } = handlerContext(request);
    const work = processAll(events, context, false);
    if (!deadline) {
      try {
        await work;
        return respond(200);
      } catch (error) {
        if (error instanceof Refusal) return refuse(request, error);
        throw error;
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), Math.max(0, timeoutMs - (Date.now() - started)));
    });
    try {
      const outcome = await Promise.race([work.then(() => "done" as const), timedOut]);
      if (outcome === "done") return respond(200);
      const error = new WebhookTimeoutError(timeoutMs);
      abort(error);
      // The handlers go on, holding their claims: a redelivery meanwhile is answered 503; once
      // they succeed it is skipped, once they fail it is processed.
      work.catch((late: unknown) => {
        if (late instanceof Refusal) reportRefusal(request, late, "after the 503 answer");
      });
      return refuse(request, new Refusal(503, "handler-timeout", error.message, error));
    } catch (error) {
      if (error instanceof Refusal) return refuse(request, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
