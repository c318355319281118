// Next.js App Router: app/api/flows/route.ts serves the flow's endpoint URI https://<host>/api/flows.
// A route handler is (Request) => Response, which is what createFlowEndpoint returns. Only POST
// is exported, so Next answers 405 to any other method and nothing else is mounted.
import { createFlowEndpoint } from "@d360-messaging/flows";

// The endpoint needs only Web APIs, so "edge" works as well.
export const runtime = "nodejs";
// Never cache or pre-render: every request is a new encrypted exchange.
export const dynamic = "force-dynamic";

let endpoint: ((request: Request) => Promise<Response>) | undefined;

export async function POST(request: Request): Promise<Response> {
  const privateKey = process.env.FLOWS_PRIVATE_KEY;
  if (!privateKey) {
    console.error(
      "FLOWS_PRIVATE_KEY is not set: put the PEM private key whose public half you uploaded in .env.local (`d360 keygen` makes a pair).",
    );
    return new Response("Internal Server Error", { status: 500 });
  }
  // Created on the first request, when the environment is there; the key is imported once.
  endpoint ??= createFlowEndpoint({
    privateKey,
    passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
    appSecret: process.env.META_APP_SECRET,
    handle(payload) {
      if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "next" } };
      return { screen: "DONE", data: {} };
    },
    // Every answer other than 200, with its reason (never a secret): without it a failing
    // endpoint is silent on this side while WhatsApp shows the user an error.
    onError: (event) =>
      console.error(`Flows endpoint answered ${event.status} (${event.code}): ${event.message}`),
  });
  return endpoint(request);
}
