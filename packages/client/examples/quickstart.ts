import { createD360Client, isApiError, isKeyFormatError } from "@d360-messaging/client";
import { generateKeyPair } from "@d360-messaging/keys";
import { startMockServer } from "@d360-messaging/mock-server/node";

// A local stand-in for https://waba-v2.360dialog.io; drop `baseUrl` to talk to the real API.
const mock = await startMockServer({ apiKeys: ["demo-api-key"] });
const client = createD360Client({ apiKey: "demo-api-key", baseUrl: mock.url });

const { privateKeyPem, publicKeyPem } = await generateKeyPair();
console.log("before upload:", await client.encryption.getBusinessPublicKey());
console.log("upload:", await client.encryption.setBusinessPublicKey(publicKeyPem));
const info = await client.encryption.getBusinessPublicKey({
  fields: ["business_public_key_signature_status"],
});
console.log("after upload:", info);

// A bad minute at the API: two 503s, then the normal answer. The client retries by itself.
mock.faults.enqueue({ status: 503, times: 2 });
const again = await client.encryption.getBusinessPublicKey();
console.log("after two 503s:", again?.business_public_key === publicKeyPem);

// A private key never leaves the process: refused before any request.
try {
  await client.encryption.setBusinessPublicKey(privateKeyPem);
} catch (error) {
  if (isKeyFormatError(error)) console.log("refused:", error.code);
}

// What a failure looks like once retries are exhausted.
mock.faults.enqueue({ status: 503, times: 3 });
try {
  await client.encryption.getBusinessPublicKey();
} catch (error) {
  if (isApiError(error))
    console.log(error.status, error.attempts, error.message.replace(mock.url, "<mock>"));
}

await mock.close();

// The real API's rate limit is a 400 ("You have exceeded the endpoint rate limit."), and so is
// the mock's: the client waits and retries it like a 429, so a burst needs no retry code.
const limited = await startMockServer({
  apiKeys: ["demo-api-key"],
  rateLimit: { requests: 2, perMs: 1000 },
});
const burst = createD360Client({ apiKey: "demo-api-key", baseUrl: limited.url });
for (let i = 0; i < 4; i++) await burst.encryption.getBusinessPublicKey();
const refused = limited.requests.filter((r) => r.status === 400).length;
console.log(`4 calls done, ${refused > 0 ? "after" : "without"} rate-limit 400s`);
await limited.close();
