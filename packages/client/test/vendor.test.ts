// What 360dialog's API really answers (its "Error Code Reference" and "Error Messages" pages):
// rate limits as 400, three error envelopes, HTML pages, 555. In process (a fetch that answers
// from a script) with fake timers, so waits of seconds take no time.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createD360Client,
  type D360ClientOptions,
  isApiError,
  isRateLimitError,
} from "../src/index.js";
import { API_KEY, caught, expectNoLeak } from "./support/secrets.js";

afterAll(() => expectNoLeak());

const RATE_LIMIT = { error: "You have exceeded the endpoint rate limit." };
const legacy = (seconds: number) => ({
  meta: {
    httpCode: 400,
    developerMessage: `You have exceeded the limit of 1 request every ${seconds} seconds. Try again later.`,
    success: false,
  },
});

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A client whose fetch answers with `answers` in turn, then `{"data": []}`; `sent` counts requests. */
function scripted(answers: Answer[], options: Partial<D360ClientOptions> = {}) {
  const sent: Request[] = [];
  const client = createD360Client({
    apiKey: API_KEY,
    ...options,
    fetch: async (request) => {
      sent.push(request);
      const next = answers.shift() ?? { status: 200, body: { data: [] } };
      const text = typeof next.body === "string" ? next.body : JSON.stringify(next.body);
      return new Response(text, {
        status: next.status,
        headers: {
          "content-type": typeof next.body === "string" ? "text/html" : "application/json",
          ...next.headers,
        },
      });
    },
  });
  return { client, sent };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.spyOn(Math, "random").mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("rate limits as the vendor sends them (400)", () => {
  it("`You have exceeded the endpoint rate limit.` is retried with backoff, then succeeds", async () => {
    const { client, sent } = scripted([
      { status: 400, body: RATE_LIMIT },
      { status: 400, body: RATE_LIMIT },
    ]);
    const result = client.encryption.getBusinessPublicKey();
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeNull();
    expect(sent).toHaveLength(3);
  });

  it("the legacy `every N seconds` waits exactly that long", async () => {
    const { client, sent } = scripted([{ status: 400, body: legacy(2) }]);
    const result = client.GET("/whatsapp_business_encryption");
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const { data, response } = await result;
    expect(response.status).toBe(200);
    expect(data).toEqual({ data: [] });
    expect(sent).toHaveLength(2);
  });

  it("an interval above maxRetryAfter fails at once with a RateLimitError that says how long", async () => {
    const { client, sent } = scripted([{ status: 400, body: legacy(90) }]);
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(isRateLimitError(error)).toBe(true);
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({
      name: "RateLimitError",
      kind: "rate_limit",
      status: 400,
      retryAfter: 90_000,
      attempts: 1,
      detail: "You have exceeded the limit of 1 request every 90 seconds. Try again later.",
    });
    expect(error.message).toContain("retry.maxRetryAfter (60000 ms)");
    expect(sent).toHaveLength(1);
  });

  it("when every retry is rate limited: a RateLimitError after `limit` retries", async () => {
    const { client, sent } = scripted(
      Array.from({ length: 5 }, () => ({ status: 400, body: RATE_LIMIT })),
      { retry: 2 },
    );
    const result = caught(client.encryption.getBusinessPublicKey());
    await vi.runAllTimersAsync();
    const error = await result;
    expect(error).toMatchObject({ name: "RateLimitError", attempts: 3, status: 400 });
    expect(error.message).toContain(": You have exceeded the endpoint rate limit.");
    expect(sent).toHaveLength(3);
  });

  it.each([
    [
      "disabled",
      "Your WhatsApp for Business API has been disabled",
      "account_disabled",
      /integration partner/,
    ],
    [
      "payment",
      "Could not send message due to lack of payment. Messaging can resume once overdue invoices towards 360Dialog are settled. Please reach out to our integration partner.",
      "payment",
      /contact your integration partner/,
    ],
    ["another 400", "Unknown field", "client", /Unknown field$/],
  ])("other 400s (%s) are never retried", async (_, message, kind, hint) => {
    const { client, sent } = scripted([{ status: 400, body: { error: message } }], { retry: 5 });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ name: "ApiError", kind, status: 400, attempts: 1 });
    expect(error.message).toMatch(hint);
    expect(sent).toHaveLength(1);
  });
});

describe("the three envelopes, HTML pages and 555", () => {
  it("Meta's Graph error (403, code 368): message, code and the policy hint", async () => {
    const body = {
      error: {
        message: "Temporarily blocked for policies violations",
        type: "OAuthException",
        code: 368,
        error_subcode: 1_390_008,
        fbtrace_id: "AbC123",
      },
    };
    const { client } = scripted([{ status: 403, body }]);
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({
      kind: "policy",
      code: 368,
      detail: "Temporarily blocked for policies violations",
      body,
    });
    expect(error.message).toContain(
      ": Temporarily blocked for policies violations (code 368). Meta restricted this account",
    );
    expect(error.message).not.toContain("apiKey");
  });

  it("a 403 without Meta's code is a blocked endpoint, not a wrong key", async () => {
    const { client } = scripted([{ status: 403, body: { error: "The endpoint is blocked" } }]);
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ kind: "blocked", code: undefined });
    expect(error.message).toContain("The endpoint is blocked. The endpoint is blocked, or Meta");
    expect(error.message).toContain("a wrong key is 401");
  });

  it("401 points at the key", async () => {
    const { client } = scripted([{ status: 401, body: { error: "Invalid API key" } }]);
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ kind: "unauthorized", detail: "Invalid API key" });
    expect(error.message).toMatch(/Invalid API key\. Check the apiKey option/);
  });

  it.each([
    ["camelCase", { meta: { httpCode: 401, developerMessage: "Invalid api_key", success: false } }],
    [
      "snake_case",
      { meta: { http_code: 401, developer_message: "Invalid api_key", success: false } },
    ],
  ])("the legacy envelope (%s) gives its developer message", async (_, body) => {
    const { client } = scripted([{ status: 401, body }]);
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ detail: "Invalid api_key", body, kind: "unauthorized" });
  });

  it("an HTML 503 from a proxy: retried, then its title is the detail", async () => {
    const page =
      "<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>nginx</h1></body></html>";
    const { client, sent } = scripted(
      Array.from({ length: 3 }, () => ({ status: 503, body: page })),
    );
    const result = caught(client.encryption.getBusinessPublicKey());
    await vi.runAllTimersAsync();
    const error = await result;
    expect(error).toMatchObject({
      kind: "unavailable",
      attempts: 3,
      detail: "503 Service Temporarily Unavailable",
    });
    expect(sent).toHaveLength(3);
  });

  it("555 (a server restart) is retried and explained", async () => {
    const { client, sent } = scripted(
      Array.from({ length: 3 }, () => ({ status: 555, body: { error: "Internal server error" } })),
    );
    const result = caught(client.encryption.getBusinessPublicKey());
    await vi.runAllTimersAsync();
    const error = await result;
    expect(error).toMatchObject({ kind: "restarting", attempts: 3 });
    expect(error.message).toContain("restarting");
    expect(sent).toHaveLength(3);
  });
});

describe("Retry-After and the range checks", () => {
  it("a huge Retry-After never overflows into an immediate retry", async () => {
    const { client, sent } = scripted([
      { status: 503, body: { error: "down" }, headers: { "retry-after": "99999999999" } },
    ]);
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ status: 503, attempts: 1, retryAfter: 99_999_999_999_000 });
    expect(sent).toHaveLength(1);
  });

  it.each([
    [{ retry: { delay: 2 ** 31 } }, "retry.delay"],
    [{ retry: { backoffLimit: 2 ** 31 } }, "retry.backoffLimit"],
    [{ retry: { maxRetryAfter: 2 ** 31 } }, "retry.maxRetryAfter"],
    [{ timeout: 2 ** 31 }, "timeout"],
    [{ totalTimeout: 2 ** 31 }, "totalTimeout"],
    [{ maxResponseSize: 0 }, "maxResponseSize"],
  ])("%o is refused (setTimeout would fire at once)", (options, name) => {
    expect(() => createD360Client({ apiKey: API_KEY, ...options })).toThrow(
      new RegExp(`^createD360Client: ${name.replace(".", "\\.")} must be an integer`),
    );
  });
});

describe("hooks see every attempt", () => {
  it("afterResponse for each response, beforeRetry for each retry, with the key redacted", async () => {
    const seen: string[] = [];
    const { client } = scripted(
      [
        { status: 503, body: { error: "down" } },
        { status: 400, body: RATE_LIMIT },
      ],
      {
        hooks: {
          afterResponse: [
            async ({ attempt, response, request }) => {
              seen.push(`after ${attempt} ${response.status} ${await response.text()}`);
              expect(request.headers.get("D360-API-KEY")).toBe("[REDACTED]");
            },
          ],
          beforeRetry: [
            ({ attempt, retryCount, delay, response, error }) => {
              seen.push(
                `retry ${retryCount} after ${attempt} in ${delay} (${response?.status}, ${error})`,
              );
            },
          ],
        },
      },
    );
    const result = client.encryption.getBusinessPublicKey();
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeNull();
    // Math.random is 0.5: backoff is half of 300 ms; after the rate limit, 3/4 of 2 s (at
    // least 1 s, doubled for the second retry, equal jitter).
    expect(seen).toEqual([
      'after 1 503 {"error":"down"}',
      "retry 1 after 1 in 150 (503, undefined)",
      `after 2 400 ${JSON.stringify(RATE_LIMIT)}`,
      "retry 2 after 2 in 1500 (400, undefined)",
      'after 3 200 {"data":[]}',
    ]);
  });

  it("beforeRetry gets the NetworkError of an attempt that got no response", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const client = createD360Client({
      apiKey: API_KEY,
      fetch: async () => {
        if (calls++ === 0) throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
        return Response.json({ data: [] });
      },
      hooks: { beforeRetry: [({ error }) => void errors.push(error)] },
    });
    const result = client.encryption.getBusinessPublicKey();
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      name: "NetworkError",
      code: "connection_reset",
      attempts: 1,
    });
  });
});

describe("the named methods validate what they return", () => {
  it.each([
    ["a number field", { data: [{ business_public_key: 5 }] }],
    ["a string entry", { data: ["x"] }],
    ["data not an array", { data: { business_public_key: "x" } }],
    ["a long unexpected body", { data: [{ status: null }], padding: "p".repeat(5_000) }],
  ])("%s is an ApiError with a short excerpt, never passed through", async (_, body) => {
    const { client } = scripted([{ status: 200, body }]);
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({ name: "ApiError", kind: "unexpected_body", status: 200 });
    expect(error.message).toContain('expected {"data": [...]} of objects with string fields');
    expect(typeof error.body).toBe("string");
    expect((error.body as string).length).toBeLessThanOrEqual(200);
    // The start of the body as sent, cut with an ellipsis when long.
    const excerpt = (error.body as string).replace(/…$/, "");
    expect(JSON.stringify(body).startsWith(excerpt)).toBe(true);
  });
});
