// The Response the client hands back over bytes it already read: a real Response subclass whose
// body accessors answer from memory. If the platform's Response grows a body accessor this class
// does not override, it would read the (empty) body given to the base class: the first test
// fails then.
import { describe, expect, it } from "vitest";
import { BufferedResponse } from "../src/fetch/buffered-response.js";

// Accessors of Response.prototype that do not read the body.
const NOT_BODY = new Set([
  "constructor",
  "type",
  "url",
  "redirected",
  "status",
  "ok",
  "statusText",
  "headers",
]);

const make = (text = '{"data":[1]}') =>
  new BufferedResponse(new TextEncoder().encode(text), {
    status: 201,
    statusText: "Created",
    headers: new Headers({ "content-type": "application/json" }),
    url: "https://waba-v2.360dialog.io/x",
  });

describe("BufferedResponse", () => {
  it("overrides every body accessor the platform's Response has", () => {
    const names = Object.getOwnPropertyNames(Response.prototype).filter((n) => !NOT_BODY.has(n));
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) {
      expect(Object.hasOwn(BufferedResponse.prototype, name), name).toBe(true);
    }
  });

  it("is a Response with the status, headers and url it was given", () => {
    const response = make();
    expect(response).toBeInstanceOf(Response);
    expect(response).toMatchObject({ status: 201, statusText: "Created", ok: true });
    expect(response.url).toBe("https://waba-v2.360dialog.io/x");
    expect(response.headers.get("content-type")).toBe("application/json");
  });

  it.each([
    ["text", async (r: Response) => r.text(), '{"data":[1]}'],
    ["json", async (r: Response) => r.json(), { data: [1] }],
    [
      "arrayBuffer",
      async (r: Response) => new TextDecoder().decode(await r.arrayBuffer()),
      '{"data":[1]}',
    ],
    ["blob", async (r: Response) => (await r.blob()).text(), '{"data":[1]}'],
    ["body", async (r: Response) => new Response(r.body).text(), '{"data":[1]}'],
  ] as const)("%s reads the bytes once, like a platform body", async (_, read, expected) => {
    const response = make();
    expect(response.bodyUsed).toBe(false);
    const copy = response.clone();
    expect(await read(response)).toEqual(expected);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    // The clone kept its own, unread body.
    expect(await copy.text()).toBe('{"data":[1]}');
  });

  it("formData parses a form body", async () => {
    const response = new BufferedResponse(new TextEncoder().encode("a=1&b=2"), {
      status: 200,
      statusText: "",
      headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }),
      url: "",
    });
    expect([...(await response.formData())]).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
  });
});
