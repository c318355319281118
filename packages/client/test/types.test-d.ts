// What must and must not compile for users of the client.
import type { BusinessEncryptionInfo } from "@d360-messaging/types";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  createD360Client,
  type D360Client,
  type D360ClientOptions,
  type GetBusinessPublicKeyOptions,
  isApiError,
  isTimeoutError,
  type RetryOptions,
  type SetBusinessPublicKeyResult,
  type TimeoutError,
} from "../src/index.js";

declare const client: D360Client;

describe("createD360Client options", () => {
  it("requires apiKey and accepts the documented shapes", () => {
    expectTypeOf(createD360Client).parameter(0).toEqualTypeOf<D360ClientOptions>();
    expectTypeOf(createD360Client({ apiKey: "k" })).toEqualTypeOf<D360Client>();
    createD360Client({
      apiKey: "k",
      baseUrl: "http://127.0.0.1:4010",
      headers: { "X-Trace": "1" },
      fetch: async (request: Request) => new Response(request.url),
      retry: {
        limit: 3,
        statusCodes: [503],
        maxRetryAfter: 5000,
        delay: 100,
        backoffLimit: 1000,
        retryNonIdempotent: true,
      },
      timeout: false,
      totalTimeout: 30_000,
    });
    createD360Client({ apiKey: "k", retry: 4 });
    createD360Client({ apiKey: "k", retry: false });
    // @ts-expect-error apiKey is required
    createD360Client({});
    // @ts-expect-error retry is a number, false or RetryOptions
    createD360Client({ apiKey: "k", retry: true });
    // @ts-expect-error timeout is a number or false
    createD360Client({ apiKey: "k", timeout: "10s" });
    // @ts-expect-error unknown retry option
    createD360Client({ apiKey: "k", retry: { attempts: 3 } });
    expectTypeOf<RetryOptions["limit"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("encryption methods", () => {
  it("getBusinessPublicKey resolves the entry or null, fields are the spec's names", () => {
    expectTypeOf(client.encryption.getBusinessPublicKey()).toEqualTypeOf<
      Promise<BusinessEncryptionInfo | null>
    >();
    client.encryption.getBusinessPublicKey({
      fields: ["business_public_key", "business_public_key_signature_status"],
    });
    client.encryption.getBusinessPublicKey({ signal: AbortSignal.timeout(1000) });
    // @ts-expect-error not a field of BusinessEncryptionInfo
    client.encryption.getBusinessPublicKey({ fields: ["public_key"] });
    // @ts-expect-error fields is a list, not the comma-joined string
    client.encryption.getBusinessPublicKey({ fields: "business_public_key" });
    expectTypeOf<GetBusinessPublicKeyOptions["fields"]>().toEqualTypeOf<
      readonly ("business_public_key" | "business_public_key_signature_status")[] | undefined
    >();
  });

  it("setBusinessPublicKey takes PEM or DER and resolves { success: true }", () => {
    expectTypeOf(client.encryption.setBusinessPublicKey("pem")).toEqualTypeOf<
      Promise<SetBusinessPublicKeyResult>
    >();
    expectTypeOf<SetBusinessPublicKeyResult>().toEqualTypeOf<{ success: true }>();
    client.encryption.setBusinessPublicKey(new Uint8Array(0), {
      signal: new AbortController().signal,
    });
    // @ts-expect-error the key is required
    client.encryption.setBusinessPublicKey();
    // @ts-expect-error a key object is not accepted
    client.encryption.setBusinessPublicKey({ pem: "x" });
  });
});

describe("the typed generic client", () => {
  it("knows the spec's paths, methods and bodies", async () => {
    const { data } = await client.GET("/whatsapp_business_encryption", {
      params: { query: { fields: "business_public_key" } },
    });
    expectTypeOf(data).toEqualTypeOf<{ data?: BusinessEncryptionInfo[] } | undefined>();
    await client.POST("/whatsapp_business_encryption", { body: { business_public_key: "pem" } });
    // @ts-expect-error no such path
    await client.GET("/messages");
    // @ts-expect-error no DELETE on this path
    await client.DELETE("/whatsapp_business_encryption");
    // @ts-expect-error the form field is business_public_key
    await client.POST("/whatsapp_business_encryption", { body: { key: "pem" } });
  });
});

describe("guards", () => {
  it("narrow unknown errors", () => {
    const error: unknown = new Error("x");
    if (isApiError(error)) {
      expectTypeOf(error).toEqualTypeOf<ApiError>();
      expectTypeOf(error.status).toEqualTypeOf<number>();
      expectTypeOf(error.retryAfter).toEqualTypeOf<number | undefined>();
    }
    if (isTimeoutError(error)) expectTypeOf(error.kind).toEqualTypeOf<"attempt" | "total">();
    expectTypeOf<TimeoutError["timeout"]>().toEqualTypeOf<number>();
  });
});
