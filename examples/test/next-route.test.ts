// The Next.js route handler, called as Next calls it: POST(request).
import { generateKeyPair } from "@d360-messaging/keys";
import { beforeAll, describe, expect, it } from "vitest";
import { APP_SECRET, expectFlowsEndpoint } from "./simulator.js";

let publicKeyPem: string;
let route: typeof import("../nextjs/app/api/flows/route.js");

beforeAll(async () => {
  const keys = await generateKeyPair();
  publicKeyPem = keys.publicKeyPem;
  process.env.FLOWS_PRIVATE_KEY = keys.privateKeyPem;
  process.env.META_APP_SECRET = APP_SECRET;
  route = await import("../nextjs/app/api/flows/route.js");
});

describe("Next.js route handler example", () => {
  it("answers the simulator: INIT, ping, and 432 for a forged signature", async () => {
    await expectFlowsEndpoint(route.POST, publicKeyPem, "next");
  });

  it("exports POST only, so Next answers every other method with 405", () => {
    const handlers = Object.keys(route).filter((name) => /^[A-Z]+$/.test(name));
    expect(handlers).toEqual(["POST"]);
    expect(route.runtime).toBe("nodejs");
  });
});
