// The error classes: fields, messages, guards across realms, JSON, and the API key kept out of
// everything (messages, JSON, causes, attached requests).
import { runInNewContext } from "node:vm";
import { createMockHandler, startMockServer } from "@d360-messaging/mock-server";
import { afterAll, describe, expect, it } from "vitest";
import { scrubCause } from "../src/errors/redact.js";
import {
  ApiError,
  createD360Client,
  D360Error,
  isApiError,
  isD360Error,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  TimeoutError,
} from "../src/index.js";
import { API_KEY, caught, expectNoLeak, exposure, record, thrown } from "./support/secrets.js";

afterAll(() => expectNoLeak());

const where = {
  method: "GET",
  url: "https://waba-v2.360dialog.io/whatsapp_business_encryption",
  attempts: 3,
};

describe("classes and guards", () => {
  it("form a hierarchy with the documented names and fields", () => {
    const api = record(
      new ApiError({
        ...where,
        status: 503,
        statusText: "Service Unavailable",
        body: { error: "down" },
      }),
    );
    const timeout = record(new TimeoutError({ ...where, timeout: 10_000, kind: "attempt" }));
    const network = record(
      new NetworkError({ ...where, code: "connection_reset" }, new TypeError("fetch failed")),
    );
    for (const error of [api, timeout, network]) {
      expect(error).toBeInstanceOf(D360Error);
      expect(error).toBeInstanceOf(Error);
      expect(isD360Error(error)).toBe(true);
    }
    expect([api.name, timeout.name, network.name]).toEqual([
      "ApiError",
      "TimeoutError",
      "NetworkError",
    ]);
    // Constructed directly, the message says what the fields say: the body is not read (the
    // vendor's table is the client's, see "constructed directly" below).
    expect(api.message).toBe(
      "Request failed with status 503 Service Unavailable: GET https://waba-v2.360dialog.io/whatsapp_business_encryption (after 3 attempts)",
    );
    expect(String(api)).toBe(`ApiError: ${api.message}`);
    expect(network.cause).toBeInstanceOf(TypeError);
    expect([
      isApiError(api),
      isApiError(timeout),
      isTimeoutError(timeout),
      isNetworkError(network),
    ]).toEqual([true, false, true, true]);
    expect(isNetworkError(api) || isTimeoutError(network)).toBe(false);
  });

  it("guards match errors from another realm by brand and name", () => {
    const foreign = runInNewContext(`
      const e = new Error("from elsewhere");
      e.name = "ApiError";
      Object.defineProperty(e, Symbol.for("@d360-messaging/client.error"), { value: true });
      e`);
    expect(foreign instanceof ApiError).toBe(false);
    expect(isApiError(foreign)).toBe(true);
    expect(isD360Error(foreign)).toBe(true);
    expect(isTimeoutError(foreign)).toBe(false);
  });

  it("guards do not match look-alikes without the brand", () => {
    expect(isTimeoutError(new DOMException("The operation timed out.", "TimeoutError"))).toBe(
      false,
    );
    expect(isApiError(Object.assign(new Error("x"), { name: "ApiError" }))).toBe(false);
    expect(isD360Error(null) || isD360Error("ApiError") || isD360Error(undefined)).toBe(false);
  });

  it("serialise to JSON with their fields and without the attached request", () => {
    const request = new Request("https://x.test/", { headers: { "D360-API-KEY": "[REDACTED]" } });
    const error = record(
      new ApiError({
        ...where,
        status: 429,
        statusText: "",
        body: "slow down",
        retryAfter: 2000,
        request,
        detail: "slow down",
      }),
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ApiError",
      message: error.message,
      status: 429,
      statusText: "",
      body: "slow down",
      retryAfter: 2000,
      kind: "rate_limit",
      detail: "slow down",
      ...where,
    });
  });
});

describe("an ApiError constructed directly", () => {
  // The client's own errors get kind, code, detail and the vendor's hint from the table in
  // src/errors/vendor.ts, which is loaded only when something fails (vendor.test.ts checks them);
  // a caller's `new ApiError` is built synchronously from the fields it is given.
  const policy = {
    ...where,
    status: 403,
    statusText: "Forbidden",
    // Meta's envelope; `ApiErrorFields.body` is typed as the spec's `ErrorResponse`.
    body: { error: { message: "Temporarily blocked for policies violations", code: 368 } } as never,
  };

  it("takes its kind from the status alone and reads nothing from the body", () => {
    const error = new ApiError(policy);
    expect(error).toMatchObject({ kind: "blocked", code: undefined, detail: undefined });
    expect(error.body).toEqual(policy.body);
    expect(error.message).toBe(
      "Request failed with status 403 Forbidden: GET https://waba-v2.360dialog.io/whatsapp_business_encryption (after 3 attempts)",
    );
    expect(
      [401, 404, 429, 502, 503, 504, 555, 500, 599, 400, 418].map(
        (status) => new ApiError({ ...where, status, statusText: "", body: undefined }).kind,
      ),
    ).toEqual([
      "unauthorized",
      "not_found",
      "rate_limit",
      "unavailable",
      "unavailable",
      "unavailable",
      "restarting",
      "server",
      "server",
      "client",
      "client",
    ]);
  });

  it("uses the kind, code, detail and reason it is given, in the client's message format", () => {
    const error = new ApiError(
      { ...policy, kind: "policy", code: 368, detail: "Temporarily blocked" },
      "Contact support",
    );
    expect(error).toMatchObject({ kind: "policy", code: 368, detail: "Temporarily blocked" });
    expect(error.message).toBe(
      "Request failed with status 403 Forbidden: GET https://waba-v2.360dialog.io/whatsapp_business_encryption (after 3 attempts): Temporarily blocked (code 368). Contact support",
    );
  });

  it("is exactly as rich when the client throws it for the same exchange", async () => {
    const client = createD360Client({
      apiKey: API_KEY,
      retry: false,
      fetch: async () =>
        new Response(JSON.stringify(policy.body), {
          status: 403,
          headers: { "content-type": "application/json" },
        }),
    });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error).toMatchObject({
      name: "ApiError",
      kind: "policy",
      code: 368,
      detail: "Temporarily blocked for policies violations",
    });
    expect(error.message).toMatch(/policies violations \(code 368\)\. Meta restricted/);
  });
});

describe("the API key never shows", () => {
  it("construction errors for bad keys do not echo them", () => {
    for (const [apiKey, fragment] of [
      ["", "is required"],
      ["   ", "is required"],
      [`${API_KEY}\n`, "contains CR, LF or NUL"],
      [`${API_KEY}\r\nX-Evil: 1`, "contains CR, LF or NUL"],
      [` ${API_KEY}`, "surrounding spaces"],
      [`${API_KEY}é`, "non-ASCII"],
    ] as const) {
      const error = thrown(() => createD360Client({ apiKey }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain(fragment);
    }
    expect(thrown(() => createD360Client(undefined as never)).message).toContain(
      "apiKey is required",
    );
  });

  it("errors from real failures carry a request whose API key header is redacted", async () => {
    const server = await startMockServer({ apiKeys: [API_KEY] });
    try {
      const client = createD360Client({
        apiKey: API_KEY,
        baseUrl: server.url,
        // Long enough that a loaded machine never turns the 500 or the drop into a timeout;
        // the delayed fault outlasts it by far.
        timeout: 400,
        retry: { limit: 1, delay: 0 },
      });
      server.faults.enqueue({ status: 500, times: 2 });
      server.faults.enqueue({ drop: true, times: 2 });
      server.faults.enqueue({ delayMs: 5000, times: 2 });
      const errors = [
        await caught(client.encryption.getBusinessPublicKey()),
        await caught(client.encryption.getBusinessPublicKey()),
        await caught(client.encryption.getBusinessPublicKey()),
      ];
      expect(errors.map((e) => e.name)).toEqual(["ApiError", "NetworkError", "TimeoutError"]);
      for (const error of errors) {
        const request = error.request as Request;
        expect(request).toBeInstanceOf(Request);
        expect(request.headers.get("D360-API-KEY")).toBe("[REDACTED]");
        expect(request.url).toBe(`${server.url}/whatsapp_business_encryption`);
        expect(await exposure(error)).not.toContain(API_KEY);
      }
    } finally {
      await server.close();
    }
  });

  it("a custom fetch that puts the key in its error does not leak it through `cause`", async () => {
    const client = createD360Client({
      apiKey: API_KEY,
      retry: false,
      fetch: async (request) => {
        throw new TypeError("fetch failed", {
          cause: new Error(`socket hang up sending ${request.headers.get("D360-API-KEY")}`),
        });
      },
    });
    const error = await caught(client.encryption.getBusinessPublicKey());
    expect(error.name).toBe("NetworkError");
    expect(String((error.cause as Error).message)).toBe("fetch failed");
    expect(await exposure(error)).not.toContain(API_KEY);
    expect(scrubCause(new Error(`a ${API_KEY} b`), API_KEY)).toEqual(new Error("a [REDACTED] b"));
    // Even a harmless foreign error is copied: a custom fetch may hang anything on it.
    const harmless = Object.assign(new Error("nothing secret"), {
      code: "ECONNRESET",
      request: {},
    });
    const copy = scrubCause(harmless, API_KEY) as Error & Record<string, unknown>;
    expect(copy).not.toBe(harmless);
    expect(copy).toMatchObject({ message: "nothing secret", code: "ECONNRESET" });
    expect(copy.request).toBeUndefined();
  });

  it("the mock records the key redacted too (what tests of consumers see)", async () => {
    const mock = createMockHandler({ apiKeys: [API_KEY] });
    await createD360Client({ apiKey: API_KEY, fetch: mock }).encryption.getBusinessPublicKey();
    expect(JSON.stringify(mock.requests)).not.toContain(API_KEY);
  });
});
