// A Flows endpoint as a Cloudflare Worker (no nodejs_compat: the endpoint uses Web APIs only).
// Secrets: `wrangler secret put FLOWS_PRIVATE_KEY` (and FLOWS_PRIVATE_KEY_PASSPHRASE, META_APP_SECRET);
// for `wrangler dev`, in .dev.vars (copy .dev.vars.example).
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
    // A Worker has no start-up to fail at (secrets arrive with the request): say it in the log
    // (`wrangler tail`, or the `wrangler dev` terminal) rather than answer 500 in silence.
    if (!env.FLOWS_PRIVATE_KEY) {
      console.error(
        "FLOWS_PRIVATE_KEY is not set: `wrangler secret put FLOWS_PRIVATE_KEY`, or for `wrangler dev` put it in .dev.vars (see .dev.vars.example).",
      );
      return new Response("Internal Server Error", { status: 500 });
    }
    endpoint ??= createFlowEndpoint({
      privateKey: env.FLOWS_PRIVATE_KEY,
      passphrase: env.FLOWS_PRIVATE_KEY_PASSPHRASE,
      appSecret: env.META_APP_SECRET,
      handle(payload) {
        if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "worker" } };
        return { screen: "DONE", data: {} };
      },
      // Every answer other than 200, with its reason (never a secret), including a key that
      // cannot be imported (imported on the first request, as the Worker has no start-up).
      onError: (event) =>
        console.error(`Flows endpoint answered ${event.status} (${event.code}): ${event.message}`),
    });
    return endpoint(request);
  },
};
