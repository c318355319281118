// The Next.js route handler, called as Next calls it: POST(request).
import { generateKeyPair } from "@d360-messaging/keys";
import { beforeAll, describe, expect, it, vi } from "vitest";
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

  it("without FLOWS_PRIVATE_KEY answers 500 and says why in the log", async () => {
    const key = process.env.FLOWS_PRIVATE_KEY;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    delete process.env.FLOWS_PRIVATE_KEY;
    try {
      const response = await route.POST(
        new Request("http://next.test/api/flows", { method: "POST", body: "{}" }),
      );
      expect(response.status).toBe(500);
      expect(logged.mock.calls.flat().join("\n")).toContain("FLOWS_PRIVATE_KEY is not set");
    } finally {
      process.env.FLOWS_PRIVATE_KEY = key;
      logged.mockRestore();
    }
  });

  it("logs a refused request through onError", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await route.POST(
        new Request("http://next.test/api/flows", { method: "POST", body: "not json" }),
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(logged.mock.calls.flat().join("\n")).toMatch(
        new RegExp(`Flows endpoint answered ${response.status} \\(`),
      );
    } finally {
      logged.mockRestore();
    }
  });
});
