// Your code under test talks to the mock server exactly as it would to the API: same client, a
// different base URL. For one-off failures, an in-process handler with injected faults.
import { createD360Client, isApiError } from "@d360-messaging/client";
import { generateKeyPair } from "@d360-messaging/keys";
import { createMockHandler } from "@d360-messaging/mock-server";
import { describe, expect, inject, it } from "vitest";

describe("uploading the business public key", () => {
  it("is read back with a VALID signature", async () => {
    const client = createD360Client({
      apiKey: inject("d360ApiKey"),
      baseUrl: inject("d360BaseUrl"),
    });
    const { publicKeyPem } = await generateKeyPair();
    await client.encryption.setBusinessPublicKey(publicKeyPem);
    const info = await client.encryption.getBusinessPublicKey();
    expect(info?.business_public_key_signature_status).toBe("VALID");
  });

  it("fails with an ApiError 401 for a wrong API key", async () => {
    const client = createD360Client({ apiKey: "wrong-key", baseUrl: inject("d360BaseUrl") });
    const error = await client.encryption.getBusinessPublicKey().catch((e: unknown) => e);
    expect(isApiError(error) && error.status).toBe(401);
  });

  it("survives a 503 from the API: the client retries", async () => {
    const mock = createMockHandler({ apiKeys: ["k"] });
    mock.faults.enqueue({ method: "GET", status: 503 });
    const client = createD360Client({ apiKey: "k", fetch: mock, retry: { delay: 1 } });
    expect(await client.encryption.getBusinessPublicKey()).toBeNull();
    expect(mock.requests.map((r) => r.status)).toEqual([503, 200]);
  });
});
