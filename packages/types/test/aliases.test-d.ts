import { describe, expectTypeOf, test } from "vitest";
import type {
  BusinessEncryptionInfo,
  BusinessPublicKeyField,
  BusinessPublicKeySignatureStatus,
  components,
  ErrorResponse,
  GetBusinessPublicKeyResponse,
  operations,
  SetBusinessPublicKeyRequest,
  SetBusinessPublicKeyResponse,
} from "../src/index.js";

type Schemas = components["schemas"];

describe("aliases are the schema's types", () => {
  test("component schemas", () => {
    expectTypeOf<BusinessEncryptionInfo>().toEqualTypeOf<
      Schemas["whatsapp_business_encryption.BusinessEncryptionInfo"]
    >();
    expectTypeOf<ErrorResponse>().toEqualTypeOf<Schemas["utils.ErrorResp"]>();
    expectTypeOf<GetBusinessPublicKeyResponse>().toEqualTypeOf<
      Schemas["whatsapp_business_encryption.GetBusinessPublicKeyResponse"]
    >();
    expectTypeOf<SetBusinessPublicKeyResponse>().toEqualTypeOf<
      Schemas["whatsapp_business_encryption.SetBusinessPublicKeyResponse"]
    >();
  });

  test("every error status of both operations carries ErrorResponse", () => {
    type GetErrors = operations["get-business-public-key"]["responses"][
      | 400
      | 401
      | 403
      | 404
      | 429
      | 500]["content"]["application/json"];
    type SetErrors = operations["set-business-public-key"]["responses"][
      | 400
      | 401
      | 403
      | 404
      | 429
      | 500]["content"]["application/json"];
    expectTypeOf<GetErrors>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<SetErrors>().toEqualTypeOf<ErrorResponse>();
  });
});

describe("aliases describe the wire format", () => {
  test("signature status is the spec's enum", () => {
    expectTypeOf<BusinessPublicKeySignatureStatus>().toEqualTypeOf<"VALID" | "MISMATCH">();
  });

  test("fields are the property names of BusinessEncryptionInfo", () => {
    expectTypeOf<BusinessPublicKeyField>().toEqualTypeOf<
      "business_public_key" | "business_public_key_signature_status"
    >();
  });

  test("GET response wraps BusinessEncryptionInfo in an optional data array", () => {
    expectTypeOf<GetBusinessPublicKeyResponse>().toEqualTypeOf<{
      data?: BusinessEncryptionInfo[];
    }>();
    expectTypeOf<BusinessEncryptionInfo>().toEqualTypeOf<{
      business_public_key?: string;
      business_public_key_signature_status?: BusinessPublicKeySignatureStatus;
    }>();
  });

  test("POST form body is one required business_public_key field (overlay), not the vendor's bare string", () => {
    expectTypeOf<SetBusinessPublicKeyRequest>().toEqualTypeOf<{ business_public_key: string }>();
    expectTypeOf<string>().not.toMatchTypeOf<SetBusinessPublicKeyRequest>();
    // The multipart encoding carries the same field.
    expectTypeOf<
      operations["set-business-public-key"]["requestBody"]["content"]["multipart/form-data"]
    >().toEqualTypeOf<SetBusinessPublicKeyRequest>();
  });

  test("POST responses", () => {
    expectTypeOf<SetBusinessPublicKeyResponse>().toEqualTypeOf<{ success?: boolean }>();
    expectTypeOf<ErrorResponse>().toEqualTypeOf<{ error?: string }>();
  });
});
