// A Flows endpoint as a Cloudflare Worker (no nodejs_compat: the endpoint uses Web APIs only).
// Secrets: `wrangler secret put FLOWS_PRIVATE_KEY` (and FLOWS_PRIVATE_KEY_PASSPHRASE, META_APP_SECRET).
import { createFlowEndpoint } from "@d360-messaging/flows";

export interface Env {
  FLOWS_PRIVATE_KEY: string;
  FLOWS_PRIVATE_KEY_PASSPHRASE?: string;
  META_APP_SECRET?: string;
}

// Secrets arrive with the first request; one endpoint per isolate imports the key once.
let endpoint: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> | Response {
    // Only the path registered as the flow's endpoint URI.
    if (new URL(request.url).pathname !== "/flows") {
      return new Response("Not Found", { status: 404 });
    }
    endpoint ??= createFlowEndpoint({
      privateKey: env.FLOWS_PRIVATE_KEY,
      passphrase: env.FLOWS_PRIVATE_KEY_PASSPHRASE,
      appSecret: env.META_APP_SECRET,
      handle(payload) {
        if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "worker" } };
        return { screen: "DONE", data: {} };
      },
    });
    return endpoint(request);
  },
};
