// A Flows endpoint on Fastify 5. The body stays a Buffer (no JSON parsing: the signature is over
// the raw bytes) and only the registered path is routed to the fetch handler.
import { createFlowEndpoint, type FlowEndpointOptions } from "@d360-messaging/flows";
import Fastify, { type FastifyInstance } from "fastify";

export type FlowsConfig = Pick<
  FlowEndpointOptions,
  "privateKey" | "passphrase" | "appSecret" | "onError"
>;

/** The app, once the endpoint has imported its keys: a wrong key or passphrase rejects here. */
export async function createApp(config: FlowsConfig): Promise<FastifyInstance> {
  const endpoint = createFlowEndpoint({
    ...config,
    handle(payload) {
      if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "fastify" } };
      return { screen: "DONE", data: {} };
    },
  });
  // At start-up, not on WhatsApp's first request: a key that cannot be imported stops the app
  // here instead of answering every request with 500.
  await endpoint.ready();

  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.all("/flows", async (request, reply) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const body = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined;
    const response = await endpoint(
      new Request(`http://${request.host}${request.url}`, {
        method: request.method,
        headers,
        body: body && body.length > 0 ? body : undefined,
      }),
    );
    reply.code(response.status);
    for (const [name, value] of response.headers) reply.header(name, value);
    return reply.send(Buffer.from(await response.arrayBuffer()));
  });
  return app;
}
