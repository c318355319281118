// The README's receivers are examples/hono.ts and examples/express.ts verbatim (type-checked by
// the typecheck task), and the Hono one serves a signed webhook.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { hmac, payload } from "./helpers.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

function blockAfter(marker: string): string {
  const at = readme.indexOf(marker);
  expect(at).toBeGreaterThan(-1);
  return /```ts\n([\s\S]*?)```/.exec(readme.slice(at))?.[1] as string;
}

for (const name of ["hono", "express"]) {
  it(`shows examples/${name}.ts as it is, in at most 5 lines of receiver`, () => {
    const file = readFileSync(new URL(`../examples/${name}.ts`, import.meta.url), "utf8");
    expect(blockAfter(`<!-- example: examples/${name}.ts -->`)).toBe(file);
    const body = file.split("\n\n")[1]?.trim().split("\n") ?? [];
    expect(body.length).toBeLessThanOrEqual(5);
  });
}

it("the Hono receiver answers a signed webhook and refuses an unsigned one", async () => {
  process.env.D360_PLATFORM_SECRET = "readme-secret";
  const { default: app } = await import("../examples/hono.js");
  const body = payload({ messages: [{ id: "wamid.readme" }] });
  const signed = await app.request("/webhook", {
    method: "POST",
    headers: { "x-360dialog-signature": hmac("readme-secret", body) },
    body,
  });
  expect(signed.status).toBe(200);
  const unsigned = await app.request("/webhook", { method: "POST", body });
  expect(unsigned.status).toBe(401);
});
