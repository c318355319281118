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
    session: {
      operationId: "session",
      method: "POST",
      path: "/{session_id}",
      idempotent: true,
    },
    listGroups: {
      operationId: "list-groups",
      method: "GET",
      path: "/groups",
      idempotent: true,
    },
    upload: {
      operationId: "upload",
      method: "POST",
      path: "/upload:{session_id}",
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

  it("always repeats safe methods", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"])
      expect(isRepeatable(method, "/anything", policy)).toBe(true);
  });

  it("repeats other methods only for operations marked idempotent, path parameters included", () => {
    expect(isRepeatable("POST", "/messages/wamid.123/read", policy)).toBe(true);
    expect(isRepeatable("PUT", "/templates/welcome", policy)).toBe(true);
    expect(isRepeatable("POST", "/messages", policy)).toBe(false);
    expect(isRepeatable("POST", "/messages/a/b/read", policy)).toBe(false);
    expect(isRepeatable("DELETE", "/templates/welcome", policy)).toBe(false);
    expect(isRepeatable("DELETE", "/whatsapp_business_encryption", policy)).toBe(false);
  });

  it("repeats anything when the caller opts in", () => {
    const optIn = resolveRetry({ retryNonIdempotent: true });
    expect(isRepeatable("POST", "/messages", optIn)).toBe(true);
  });

  it("looks the operation up by method and path template, literal paths first (OpenAPI 3.1 Paths Object)", () => {
    // A root-level `POST /{session_id}` marked idempotent must not make `POST /messages`
    // (a literal path of the spec, not idempotent) repeatable: a message would go out twice.
    expect(isRepeatable("POST", "/messages", policy)).toBe(false);
    expect(isRepeatable("POST", "/abc123", policy)).toBe(true);
    // A path the spec has only for another method is not the session route either.
    expect(isRepeatable("POST", "/groups", policy)).toBe(false);
    // A literal colon is literal: `/upload:{session_id}` is not `/upload` plus a parameter.
    expect(isRepeatable("POST", "/upload:s1", policy)).toBe(true);
  });

  it("tells equally specific templates apart by the method (`GET /{media_id}` beside `POST /{session_id}`)", async () => {
    const { findOperation } = await import("../src/operation/route.js");
    const table = [
      { method: "GET", path: "/{media_id}", idempotent: true },
      { method: "POST", path: "/{session_id}", idempotent: true },
      { method: "POST", path: "/messages", idempotent: false },
    ];
    expect(findOperation("POST", "/abc", table)?.path).toBe("/{session_id}");
    expect(findOperation("GET", "/abc", table)?.path).toBe("/{media_id}");
    expect(findOperation("POST", "/messages", table)?.path).toBe("/messages");
    // A literal path wins over the templates even for a method it does not have.
    expect(findOperation("GET", "/messages", table)).toBeUndefined();
  });

  it("finds the operation when a call overrides the base URL", () => {
    expect(isRepeatable("POST", "/messages/1/read", policy)).toBe(true);
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
