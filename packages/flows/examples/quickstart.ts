import { createFlowEndpoint, FlowTokenExpiredError } from "@d360-messaging/flows";
import { generateKeyPair } from "@d360-messaging/keys";
import { simulateFlowRequest } from "@d360-messaging/mock-server";

// The key pair whose public half you upload to 360dialog (`d360 keygen` makes one too).
const { privateKeyPem, publicKeyPem } = await generateKeyPair();

const endpoint = createFlowEndpoint({
  privateKey: privateKeyPem,
  handle(payload) {
    if (payload.flow_token !== "demo-token")
      throw new FlowTokenExpiredError("This form has expired.");
    if (payload.action === "INIT") return { screen: "WELCOME", data: { greeting: "Hello!" } };
    return {
      screen: "SUCCESS",
      data: { extension_message_response: { params: { flow_token: payload.flow_token } } },
    };
  },
});
// Import the key now: a wrong key or passphrase fails here, at start-up, not on WhatsApp's first request.
await endpoint.ready();

// Play WhatsApp: encrypt a request to the public key, POST it to the handler, decrypt the reply.
for (const payload of [
  { version: "3.0", action: "ping" },
  { version: "3.0", action: "INIT", flow_token: "demo-token" },
  { version: "3.0", action: "INIT", flow_token: "stale-token" },
] as const) {
  const { status, response, body } = await simulateFlowRequest({
    endpoint,
    publicKey: publicKeyPem,
    payload,
  });
  console.log(payload.action, status, response ?? body);
}
