// What every example must do, checked with the mock-server's WhatsApp simulator: it encrypts a
// request to the public key, signs it with the app secret, sends it, and decrypts the reply.
import { simulateFlowRequest } from "@d360-messaging/mock-server";
import { expect } from "vitest";

export const APP_SECRET = "example-app-secret";

type Target = string | ((request: Request) => Promise<Response>);

/** INIT answered by the example's handler, ping by the endpoint, a bad signature refused. */
export async function expectFlowsEndpoint(target: Target, publicKey: string, via: string) {
  const init = await simulateFlowRequest({
    endpoint: target,
    publicKey,
    appSecret: APP_SECRET,
    payload: { version: "3.0", action: "INIT", flow_token: "t-1" },
  });
  expect(init.status).toBe(200);
  expect(init.response).toEqual({ screen: "WELCOME", data: { via } });

  const ping = await simulateFlowRequest({
    endpoint: target,
    publicKey,
    appSecret: APP_SECRET,
    payload: { version: "3.0", action: "ping" },
  });
  expect(ping.response).toEqual({ data: { status: "active" } });

  // Signed with another secret: the framework must have passed the raw bytes through untouched
  // for the 200s above, and the endpoint refuses this one before any RSA work.
  const forged = await simulateFlowRequest({
    endpoint: target,
    publicKey,
    appSecret: "not-the-app-secret",
    payload: { version: "3.0", action: "INIT", flow_token: "t-1" },
  });
  expect(forged.status).toBe(432);
}
