// bun run bun/server.ts   (Bun serves a module whose default export has `fetch`)
import { createFlowEndpoint } from "@d360-messaging/flows";

const privateKey = process.env.FLOWS_PRIVATE_KEY;
if (!privateKey) {
  console.error(
    "FLOWS_PRIVATE_KEY is not set: put the PEM private key whose public half you uploaded in .env (`d360 keygen` makes a pair).",
  );
  process.exit(1);
}

const endpoint = createFlowEndpoint({
  privateKey,
  passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
  appSecret: process.env.META_APP_SECRET,
  handle(payload) {
    if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "bun" } };
    return { screen: "DONE", data: {} };
  },
  // Every answer other than 200, with its reason (never a secret): without it a failing endpoint
  // is silent on this side while WhatsApp shows the user an error.
  onError: (event) =>
    console.error(`Flows endpoint answered ${event.status} (${event.code}): ${event.message}`),
});
// At start-up, not on WhatsApp's first request: a key that cannot be imported stops here.
await endpoint.ready().catch((error: Error) => {
  console.error(`Cannot start the Flows endpoint: ${error.message}`);
  process.exit(1);
});

export default {
  port: Number(process.env.PORT ?? 3000),
  fetch(request: Request): Promise<Response> | Response {
    // Only the path registered as the flow's endpoint URI.
    return new URL(request.url).pathname === "/flows"
      ? endpoint(request)
      : new Response("Not Found", { status: 404 });
  },
};
