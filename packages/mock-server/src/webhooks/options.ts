import { integerOption, MAX_TIMER_MS } from "../options.js";

/** Timers the dispatcher waits with; vitest's fake timers replace the global ones it defaults to. */
export interface WebhookScheduler {
  /** Run `callback` after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancel a callback `setTimeout` scheduled. */
  clearTimeout(handle: unknown): void;
}

/** How failed deliveries are sent again: exponential backoff, bounded. */
export interface WebhookRetryOptions {
  /**
   * How many times a delivery is sent again after the first attempt failed (a non-2xx answer, a
   * connection error or a timeout); `0` sends each webhook once.
   * @default 5
   * @example
   * startMockServer({ webhooks: { url, retry: { limit: 2 } } });
   */
  limit?: number;
  /**
   * Wait before the first retry, in milliseconds; each further retry waits twice as long.
   * @default 1000
   * @example
   * startMockServer({ webhooks: { url, retry: { initialDelay: 10 } } });
   */
  initialDelay?: number;
  /**
   * Longest wait between two attempts, in milliseconds.
   * @default 60000
   * @example
   * startMockServer({ webhooks: { url, retry: { maxDelay: 5000 } } });
   */
  maxDelay?: number;
}

/** When each status of an accepted message is sent, in ms after the previous one settled. */
export interface WebhookDelays {
  /**
   * From the message's acceptance to its `sent` (or `failed`) status.
   * @default 10
   * @example
   * startMockServer({ webhooks: { url, delays: { sent: 0 } } });
   */
  sent?: number;
  /**
   * From the `sent` delivery (its last attempt) to the `delivered` status.
   * @default 20
   * @example
   * startMockServer({ webhooks: { url, delays: { delivered: 1000 } } });
   */
  delivered?: number;
  /**
   * From the `delivered` delivery to the `read` status.
   * @default 30
   * @example
   * startMockServer({ webhooks: { url, delays: { read: 5000 } } });
   */
  read?: number;
}

/** The business number the webhooks speak for (Meta's `metadata` and the entry's account id). */
export interface WebhookBusiness {
  /**
   * The WhatsApp Business Account id, `entry[].id`.
   * @default "419561257915477" (Meta's example)
   * @example
   * startMockServer({ webhooks: { url, business: { accountId: "1234" } } });
   */
  accountId?: string;
  /**
   * `metadata.phone_number_id`.
   * @default "106540352242922" (Meta's example)
   * @example
   * startMockServer({ webhooks: { url, business: { phoneNumberId: "5678" } } });
   */
  phoneNumberId?: string;
  /**
   * `metadata.display_phone_number`.
   * @default "15550783881" (Meta's example)
   * @example
   * startMockServer({ webhooks: { url, business: { displayPhoneNumber: "4930123456" } } });
   */
  displayPhoneNumber?: string;
}

/** Options of the mock's webhook sender (`webhooks` of `createMockHandler` and `startMockServer`). */
export interface MockWebhookOptions {
  /**
   * Where the webhooks are POSTed: your receiver.
   * @example
   * startMockServer({ webhooks: { url: "http://127.0.0.1:3000/webhooks", secret } });
   */
  url: string | URL;
  /**
   * 360dialog's partner secret: each body is signed with HMAC-SHA256 under it, in
   * `x-360dialog-signature` (lower-case hex). Never printed or logged.
   * @default undefined (no `x-360dialog-signature`)
   * @example
   * startMockServer({ webhooks: { url, secret: process.env.WEBHOOK_SECRET } });
   */
  secret?: string;
  /**
   * Meta's app secret: each body is also signed as Meta signs, `X-Hub-Signature-256: sha256=<hex>`.
   * Never printed or logged.
   * @default undefined (no `X-Hub-Signature-256`)
   * @example
   * startMockServer({ webhooks: { url, appSecret: process.env.APP_SECRET } });
   */
  appSecret?: string;
  /**
   * Extra headers sent with every webhook, as 360dialog sends the custom headers set on a webhook
   * configuration (e.g. `Authorization`). Their values are never logged.
   * @default {}
   * @example
   * startMockServer({ webhooks: { url, headers: { Authorization: token } } });
   */
  headers?: Record<string, string>;
  /**
   * When the statuses of an accepted message are sent.
   * @default { sent: 10, delivered: 20, read: 30 }
   * @example
   * startMockServer({ webhooks: { url, delays: { sent: 0, delivered: 0, read: 0 } } });
   */
  delays?: WebhookDelays;
  /**
   * Recipients that cannot be reached: a message to one of them gets a single `failed` status
   * (error 131026, "Message undeliverable") instead of `sent`, `delivered`, `read`. Compared by
   * their digits, so `"+49 170 1234567"` and `"491701234567"` are the same number. Change the
   * set later through `webhooks.unreachable`.
   * @default []
   * @example
   * startMockServer({ webhooks: { url, unreachable: ["491700000000"] } });
   */
  unreachable?: string[];
  /**
   * Redelivery of a webhook that got a non-2xx answer or no answer: a number is the retry limit.
   * @default { limit: 5, initialDelay: 1000, maxDelay: 60000 }
   * @example
   * startMockServer({ webhooks: { url, retry: 0 } });
   * startMockServer({ webhooks: { url, retry: { limit: 3, initialDelay: 100 } } });
   */
  retry?: number | WebhookRetryOptions;
  /**
   * How long one attempt may take before it counts as failed (and is retried), in milliseconds.
   * @default 10000
   * @example
   * startMockServer({ webhooks: { url, timeout: 2000 } });
   */
  timeout?: number;
  /**
   * The business number named in the payloads.
   * @default Meta's example ids
   * @example
   * startMockServer({ webhooks: { url, business: { phoneNumberId: "5678" } } });
   */
  business?: WebhookBusiness;
  /**
   * Timers for the delays, backoff and timeouts. The default looks up the global `setTimeout`
   * at each call, so vitest's fake timers (`vi.useFakeTimers()`) drive it too.
   * @default globalThis's setTimeout and clearTimeout
   * @example
   * startMockServer({ webhooks: { url, scheduler: { setTimeout: mySet, clearTimeout: myClear } } });
   */
  scheduler?: WebhookScheduler;
  /**
   * The fetch the webhooks are sent with.
   * @default globalThis.fetch, looked up at each call
   * @example
   * createMockHandler({ webhooks: { url: "http://app.test/hook", fetch: app.fetch } });
   */
  fetch?: (request: Request) => Promise<Response>;
}

/** The options checked and filled in. */
export interface ResolvedWebhookOptions {
  url: string;
  secret: string | undefined;
  appSecret: string | undefined;
  headers: Record<string, string>;
  delays: Required<WebhookDelays>;
  unreachable: string[];
  retry: Required<WebhookRetryOptions>;
  timeout: number;
  business: Required<WebhookBusiness>;
  scheduler: WebhookScheduler;
  fetch: (request: Request) => Promise<Response>;
}

/** The defaults, in one place (the option docs repeat them). */
export const WEBHOOK_DEFAULTS = {
  delays: { sent: 10, delivered: 20, read: 30 },
  retry: { limit: 5, initialDelay: 1000, maxDelay: 60_000 },
  timeout: 10_000,
  // Meta's example ids (business-messaging-api_v23.0.yaml, the webhook examples).
  business: {
    accountId: "419561257915477",
    phoneNumberId: "106540352242922",
    displayPhoneNumber: "15550783881",
  },
} as const;

const globalScheduler: WebhookScheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Check the `webhooks` option. Errors name the option, never a secret's value.
 * @throws {TypeError} for a missing or malformed URL, a non-string secret or header value
 * @throws {RangeError} for a delay, limit or timeout out of range
 */
export function resolveWebhookOptions(options: MockWebhookOptions): ResolvedWebhookOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("webhooks must be an object such as { url, secret }");
  }
  const url = checkUrl(options.url);
  const secret = optionalSecret("webhooks.secret", options.secret);
  const appSecret = optionalSecret("webhooks.appSecret", options.appSecret);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== "string") {
      throw new TypeError(`webhooks.headers["${name}"] must be a string`);
    }
    headers[name] = value;
  }
  const delays = {
    sent: timerOption("webhooks.delays.sent", options.delays?.sent, WEBHOOK_DEFAULTS.delays.sent),
    delivered: timerOption(
      "webhooks.delays.delivered",
      options.delays?.delivered,
      WEBHOOK_DEFAULTS.delays.delivered,
    ),
    read: timerOption("webhooks.delays.read", options.delays?.read, WEBHOOK_DEFAULTS.delays.read),
  };
  const retryOption = typeof options.retry === "number" ? { limit: options.retry } : options.retry;
  const retry = {
    limit: integerOption(
      "webhooks.retry.limit",
      retryOption?.limit ?? WEBHOOK_DEFAULTS.retry.limit,
      0,
      100,
    ),
    initialDelay: timerOption(
      "webhooks.retry.initialDelay",
      retryOption?.initialDelay,
      WEBHOOK_DEFAULTS.retry.initialDelay,
    ),
    maxDelay: timerOption(
      "webhooks.retry.maxDelay",
      retryOption?.maxDelay,
      WEBHOOK_DEFAULTS.retry.maxDelay,
    ),
  };
  const unreachable = options.unreachable ?? [];
  if (!Array.isArray(unreachable) || unreachable.some((n) => typeof n !== "string")) {
    throw new TypeError("webhooks.unreachable must be an array of phone numbers (strings)");
  }
  return {
    url,
    secret,
    appSecret,
    headers,
    delays,
    unreachable,
    retry,
    timeout: integerOption(
      "webhooks.timeout",
      options.timeout ?? WEBHOOK_DEFAULTS.timeout,
      1,
      MAX_TIMER_MS,
    ),
    business: { ...WEBHOOK_DEFAULTS.business, ...definedStrings(options.business ?? {}) },
    scheduler: options.scheduler ?? globalScheduler,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  };
}

function checkUrl(value: unknown): string {
  if (typeof value !== "string" && !(value instanceof URL)) {
    throw new TypeError(
      'webhooks.url must be the receiver\'s URL, e.g. "http://127.0.0.1:3000/webhooks"',
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError("webhooks.url is not a valid absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError("webhooks.url must be an http: or https: URL");
  }
  if (url.username !== "" || url.password !== "") {
    // fetch refuses credentials in a URL, and the delivery log would print them.
    throw new TypeError(
      "webhooks.url must not carry a user name or password: use webhooks.headers",
    );
  }
  return url.href;
}

function optionalSecret(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`${name} must be a non-empty string (read it from the environment)`);
  }
  return value;
}

function timerOption(name: string, value: unknown, fallback: number): number {
  return integerOption(name, value ?? fallback, 0, MAX_TIMER_MS);
}

function definedStrings(business: WebhookBusiness): WebhookBusiness {
  const out: WebhookBusiness = {};
  for (const key of ["accountId", "phoneNumberId", "displayPhoneNumber"] as const) {
    const value = business[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") {
      throw new TypeError(`webhooks.business.${key} must be a non-empty string`);
    }
    out[key] = value;
  }
  return out;
}
