// A Flows endpoint on Hono: its handlers already speak Request/Response, so the endpoint is
// mounted as is, on the registered path only (any other path is Hono's 404).
import { createFlowEndpoint, type FlowEndpointOptions } from "@d360-messaging/flows";
import { Hono } from "hono";

export type FlowsConfig = Pick<
  FlowEndpointOptions,
  "privateKey" | "passphrase" | "appSecret" | "onError"
>;

/** The app, once the endpoint has imported its keys: a wrong key or passphrase rejects here. */
export async function createApp(config: FlowsConfig): Promise<Hono> {
  const endpoint = createFlowEndpoint({
    ...config,
    handle(payload) {
      if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "hono" } };
      return { screen: "DONE", data: {} };
    },
  });
  // At start-up, not on WhatsApp's first request: a key that cannot be imported stops the app
  // here instead of answering every request with 500.
  await endpoint.ready();
  const app = new Hono();
  // c.req.raw is the untouched Request: the endpoint reads and verifies its bytes itself.
  app.all("/flows", (c) => endpoint(c.req.raw));
  return app;
}
