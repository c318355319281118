// A Flows endpoint on Express 5. createFlowEndpoint is a fetch handler, (Request) => Response:
// Express hands it the body as raw bytes (the signature is over those bytes), and only on the
// path registered as the flow's endpoint URI.
import { createFlowEndpoint, type FlowEndpointOptions } from "@d360-messaging/flows";
import express, { type Express } from "express";

export type FlowsConfig = Pick<
  FlowEndpointOptions,
  "privateKey" | "passphrase" | "appSecret" | "onError"
>;

/** The app, once the endpoint has imported its keys: a wrong key or passphrase rejects here. */
export async function createApp(config: FlowsConfig): Promise<Express> {
  const endpoint = createFlowEndpoint({
    ...config,
    handle(payload) {
      if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "express" } };
      return { screen: "DONE", data: {} };
    },
  });
  // At start-up, not on WhatsApp's first request: a key that cannot be imported stops the app
  // here instead of answering every request with 500.
  await endpoint.ready();

  const app = express();
  // Any content type, unparsed: a JSON parser here would make the signature unverifiable.
  app.all("/flows", express.raw({ type: () => true, limit: "1mb" }), async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const hasBody = Buffer.isBuffer(req.body) && req.body.length > 0;
    const response = await endpoint(
      new Request(`http://${req.headers.host ?? "localhost"}${req.originalUrl}`, {
        method: req.method,
        headers,
        body: hasBody ? new Uint8Array(req.body) : undefined,
      }),
    );
    res.status(response.status);
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.send(Buffer.from(await response.arrayBuffer()));
  });
  return app;
}
