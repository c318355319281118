// deno run --allow-env --allow-net deno/main.ts
// (deno.json maps @d360-messaging/flows to JSR; `npm:@d360-messaging/flows` works as well)
import { createFlowEndpoint } from "@d360-messaging/flows";

const privateKey = Deno.env.get("FLOWS_PRIVATE_KEY");
if (!privateKey) {
  console.error(
    "FLOWS_PRIVATE_KEY is not set: export the PEM private key whose public half you uploaded (`d360 keygen` makes a pair).",
  );
  Deno.exit(1);
}

const endpoint = createFlowEndpoint({
  privateKey,
  passphrase: Deno.env.get("FLOWS_PRIVATE_KEY_PASSPHRASE"),
  appSecret: Deno.env.get("META_APP_SECRET"),
  handle(payload) {
    if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "deno" } };
    return { screen: "DONE", data: {} };
  },
  // Every answer other than 200, with its reason (never a secret): without it a failing endpoint
  // is silent on this side while WhatsApp shows the user an error.
  onError: (event) =>
    console.error(`Flows endpoint answered ${event.status} (${event.code}): ${event.message}`),
});
// At start-up, not on WhatsApp's first request: a key that cannot be imported stops here.
try {
  await endpoint.ready();
} catch (error) {
  console.error(`Cannot start the Flows endpoint: ${(error as Error).message}`);
  Deno.exit(1);
}

// Only the path registered as the flow's endpoint URI.
Deno.serve(
  {
    port: Number(Deno.env.get("PORT") ?? 3000),
    onListen: ({ port }) => console.log(`Flows endpoint on http://localhost:${port}/flows`),
  },
  (request) =>
    new URL(request.url).pathname === "/flows"
      ? endpoint(request)
      : new Response("Not Found", { status: 404 }),
);
