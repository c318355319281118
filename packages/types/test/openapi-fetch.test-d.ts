import createClient from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import type {
  ErrorResponse,
  GetBusinessPublicKeyResponse,
  paths,
  SetBusinessPublicKeyResponse,
} from "../src/index.js";

// Type-only: nothing here is awaited or sent; each call is checked by tsc.
const client = createClient<paths>({ baseUrl: "https://waba-v2.360dialog.io" });
const path = "/whatsapp_business_encryption";
const pem = "-----BEGIN PUBLIC KEY-----\nMIIB...\n-----END PUBLIC KEY-----\n";

describe("createClient<paths> accepts the spec's requests", () => {
  test("GET with and without fields", () => {
    // Called rather than `toBeCallableWith`: with several GET paths, client.GET is generic over
    // the path, and expect-type's parameters of that generic function come out as `never`.
    void client.GET(path);
    void client.GET(path, {
      params: { query: { fields: "business_public_key,business_public_key_signature_status" } },
    });
  });

  test("GET resolves to the response aliases", async () => {
    const { data, error } = await client.GET(path);
    expectTypeOf(data).toEqualTypeOf<GetBusinessPublicKeyResponse | undefined>();
    expectTypeOf(error).toEqualTypeOf<ErrorResponse | undefined>();
  });

  test("POST with the form body", async () => {
    const { data, error } = await client.POST(path, { body: { business_public_key: pem } });
    expectTypeOf(data).toEqualTypeOf<SetBusinessPublicKeyResponse | undefined>();
    expectTypeOf(error).toEqualTypeOf<ErrorResponse | undefined>();
  });
});

describe("createClient<paths> rejects requests the spec does not describe", () => {
  test("wrong path", () => {
    // @ts-expect-error: no such path
    void client.GET("/whatsapp_business_encryptions");
    // @ts-expect-error: no such path (the spec's paths have no version prefix)
    void client.POST("/v1/whatsapp_business_encryption", { body: { business_public_key: pem } });
  });

  test("wrong method", () => {
    // @ts-expect-error: the path has no PUT
    void client.PUT(path, { body: { business_public_key: pem } });
    // @ts-expect-error: the path has no DELETE
    void client.DELETE(path);
    // @ts-expect-error: the path has no PATCH
    void client.PATCH(path, { body: { business_public_key: pem } });
  });

  test("wrong query field or value", () => {
    // @ts-expect-error: the parameter is `fields`, not `field`
    void client.GET(path, { params: { query: { field: "business_public_key" } } });
    // @ts-expect-error: `fields` is one comma-separated string, not an array
    void client.GET(path, { params: { query: { fields: ["business_public_key"] } } });
  });

  test("wrong body", () => {
    // @ts-expect-error: the body is required
    void client.POST(path);
    // @ts-expect-error: the vendor's bare-string body is not the wire format (overlay)
    void client.POST(path, { body: pem });
    // @ts-expect-error: business_public_key is required
    void client.POST(path, { body: {} });
    // @ts-expect-error: business_public_key is a string
    void client.POST(path, { body: { business_public_key: 42 } });
    // @ts-expect-error: misspelt field
    void client.POST(path, { body: { public_key: pem } });
  });
});
