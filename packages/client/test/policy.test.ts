// The method policy reads `idempotent` from the generated OPERATIONS and nothing else: with a
// different table (as a spec change would generate), different requests are retried.
import { describe, expect, it, vi } from "vitest";

vi.mock("../src/generated/operations.js", () => ({
  CLIENT_VERSION: "0.0.0-test",
  DEFAULT_BASE_URL: "https://api.test",
  OPERATIONS: {
    sendMessage: {
      operationId: "send-message",
      method: "POST",
      path: "/messages",
      idempotent: false,
    },
    markRead: {
      operationId: "mark-read",
      method: "POST",
      path: "/messages/{id}/read",
      idempotent: true,
    },
    replaceTemplate: {
      operationId: "replace-template",
      method: "PUT",
      path: "/templates/{name}",
      idempotent: true,
    },
  },
}));

const { isRepeatable, resolveRetry } = await import("../src/retry/policy.js");

describe("isRepeatable", () => {
  const policy = resolveRetry(undefined);
  const base = "https://api.test/v1";

  it("always repeats safe methods", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"])
      expect(isRepeatable(method, `${base}/anything`, base, policy)).toBe(true);
  });

  it("repeats other methods only for operations marked idempotent, path parameters included", () => {
    expect(isRepeatable("POST", `${base}/messages/wamid.123/read`, base, policy)).toBe(true);
    expect(isRepeatable("POST", `${base}/messages/wamid.123/read?x=1`, base, policy)).toBe(true);
    expect(isRepeatable("PUT", `${base}/templates/welcome`, base, policy)).toBe(true);
    expect(isRepeatable("POST", `${base}/messages`, base, policy)).toBe(false);
    expect(isRepeatable("POST", `${base}/messages/a/b/read`, base, policy)).toBe(false);
    expect(isRepeatable("DELETE", `${base}/templates/welcome`, base, policy)).toBe(false);
    expect(isRepeatable("POST", `${base}/whatsapp_business_encryption`, base, policy)).toBe(false);
  });

  it("repeats anything when the caller opts in", () => {
    const optIn = resolveRetry({ retryNonIdempotent: true });
    expect(isRepeatable("POST", `${base}/messages`, base, optIn)).toBe(true);
  });

  it("finds the operation when a call overrides the base URL", () => {
    expect(isRepeatable("POST", "https://other.test/messages/1/read", base, policy)).toBe(true);
  });
});

describe("resolveRetry", () => {
  it("fills the documented defaults", () => {
    expect(resolveRetry(undefined)).toEqual({
      limit: 2,
      statusCodes: new Set([408, 429, 500, 502, 503, 504, 555]),
      maxRetryAfter: 60_000,
      delay: 300,
      backoffLimit: 10_000,
      retryNonIdempotent: false,
    });
    expect(resolveRetry(5).limit).toBe(5);
    expect(resolveRetry(false).limit).toBe(0);
  });
});
