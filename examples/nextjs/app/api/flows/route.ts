// Next.js App Router: app/api/flows/route.ts serves the flow's endpoint URI https://<host>/api/flows.
// A route handler is (Request) => Response, which is what createFlowEndpoint returns. Only POST
// is exported, so Next answers 405 to any other method and nothing else is mounted.
import { createFlowEndpoint } from "@d360-messaging/flows";

// The endpoint needs only Web APIs, so "edge" works as well.
export const runtime = "nodejs";
// Never cache or pre-render: every request is a new encrypted exchange.
export const dynamic = "force-dynamic";

let endpoint: ((request: Request) => Promise<Response>) | undefined;

export function POST(request: Request): Promise<Response> {
  // Created on the first request, when the environment is there; the key is imported once.
  endpoint ??= createFlowEndpoint({
    privateKey: process.env.FLOWS_PRIVATE_KEY ?? "",
    passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
    appSecret: process.env.META_APP_SECRET,
    handle(payload) {
      if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "next" } };
      return { screen: "DONE", data: {} };
    },
  });
  return endpoint(request);
}
