// bun run bun/server.ts   (Bun serves a module whose default export has `fetch`)
import { createFlowEndpoint } from "@d360-messaging/flows";

const endpoint = createFlowEndpoint({
  privateKey: process.env.FLOWS_PRIVATE_KEY ?? "",
  passphrase: process.env.FLOWS_PRIVATE_KEY_PASSPHRASE,
  appSecret: process.env.META_APP_SECRET,
  handle(payload) {
    if (payload.action === "INIT") return { screen: "WELCOME", data: { via: "bun" } };
    return { screen: "DONE", data: {} };
  },
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
