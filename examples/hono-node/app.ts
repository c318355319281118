// A Flows endpoint on Hono: its handlers already speak Request/Response, so the endpoint is
// mounted as is, on the registered path only (any other path is Hono's 404).
import { createFlowEndpoint, type FlowEndpointOptions } from "@d360-messaging/flows";
import { Hono } from "hono";

export type FlowsConfig = Pick<FlowEndpointOptions, "privateKey" | "passphrase" | "appSecret">;

export function createApp(config: FlowsConfig): Hono {
  const endpoint = createFlowEndpoint({
    ...config,
    handle(payload) {
      if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "hono" } };
      return { screen: "DONE", data: {} };
    },
  });
  const app = new Hono();
  // c.req.raw is the untouched Request: the endpoint reads and verifies its bytes itself.
  app.all("/flows", (c) => endpoint(c.req.raw));
  return app;
}
