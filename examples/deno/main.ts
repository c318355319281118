// deno run --allow-env --allow-net deno/main.ts
// (deno.json maps @d360-messaging/flows to JSR; `npm:@d360-messaging/flows` works as well)
import { createFlowEndpoint } from "@d360-messaging/flows";

const endpoint = createFlowEndpoint({
  privateKey: Deno.env.get("FLOWS_PRIVATE_KEY") ?? "",
  passphrase: Deno.env.get("FLOWS_PRIVATE_KEY_PASSPHRASE"),
  appSecret: Deno.env.get("META_APP_SECRET"),
  handle(payload) {
    if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "deno" } };
    return { screen: "DONE", data: {} };
  },
});

// Only the path registered as the flow's endpoint URI.
Deno.serve({ port: Number(Deno.env.get("PORT") ?? 3000) }, (request) =>
  new URL(request.url).pathname === "/flows"
    ? endpoint(request)
    : new Response("Not Found", { status: 404 }),
);
