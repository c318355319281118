import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WebhookHandlerOptions } from "../src/index.js";
import * as webBuild from "../src/index.js";
import * as nodeBuild from "../src/index.node.js";
import { parse360Signature, parseMetaSignature } from "../src/signature.js";
import {
  APP_SECRET,
  countingBody,
  hmac,
  payload,
  recorder,
  SECRET,
  signed360,
  signedMeta,
} from "./helpers.js";

// Every check runs against both builds: the web build (WebCrypto HMAC) and the Node build
// (node:crypto HMAC, timingSafeEqual), which Node picks through the exports condition "node".
for (const [build, { createWebhookHandler }] of [
  ["web build", webBuild],
  ["Node build", nodeBuild],
] as const) {
  describe(build, () => {
    const body = payload({ messages: [{ id: "wamid.1" }] });

    function handlerWith(options: Partial<WebhookHandlerOptions>) {
      const rec = recorder();
      return {
        rec,
        handler: createWebhookHandler({ ...options, ...rec } as WebhookHandlerOptions),
      };
    }

    describe("360dialog's x-360dialog-signature", () => {
      // The docs do not say hex or base64, prefixed or not: each form is accepted.
      for (const encoding of ["hex", "base64"] as const) {
        for (const prefix of [false, true]) {
          it(`accepts ${encoding}${prefix ? " with sha256=" : ""}`, async () => {
            const { rec, handler } = handlerWith({ secret: SECRET });
            const response = await handler(signed360(body, { encoding, prefix }));
            expect(response.status).toBe(200);
            expect(rec.events).toHaveLength(1);
          });
        }
      }

      it("matches what openssl computes", async () => {
        const digest = execFileSync("openssl", ["dgst", "-sha256", "-hmac", SECRET, "-r"], {
          input: body,
        })
          .toString()
          .split(" ")[0] as string;
        expect(digest).toBe(hmac(SECRET, body));
        const { handler } = handlerWith({ secret: SECRET });
        const response = await handler(
          new Request("http://localhost/", {
            method: "POST",
            headers: { "x-360dialog-signature": digest },
            body,
          }),
        );
        expect(response.status).toBe(200);
      });

      it("accepts any of several secrets during a rotation", async () => {
        const { handler } = handlerWith({ secret: ["new-secret", SECRET] });
        expect((await handler(signed360(body))).status).toBe(200);
        expect((await handler(signed360(body, { secret: "new-secret" }))).status).toBe(200);
        expect((await handler(signed360(body, { secret: "other" }))).status).toBe(401);
      });

      const refusals: [string, Record<string, string>, string][] = [
        ["missing", {}, "missing-signature"],
        ["wrong secret", { "x-360dialog-signature": hmac("wrong", body) }, "invalid-signature"],
        [
          "truncated hex",
          { "x-360dialog-signature": hmac(SECRET, body).slice(0, 63) },
          "invalid-signature",
        ],
        ["not hex", { "x-360dialog-signature": "z".repeat(64) }, "invalid-signature"],
        ["bad base64", { "x-360dialog-signature": `${"!".repeat(43)}=` }, "invalid-signature"],
        ["empty", { "x-360dialog-signature": "" }, "invalid-signature"],
        [
          "Meta's header instead",
          { "x-hub-signature-256": `sha256=${hmac(SECRET, body)}` },
          "missing-signature",
        ],
      ];
      for (const [name, headers, code] of refusals) {
        it(`refuses ${name} with 401, before any handler`, async () => {
          const { rec, handler } = handlerWith({ secret: SECRET });
          const response = await handler(
            new Request("http://localhost/", { method: "POST", headers, body }),
          );
          expect(response.status).toBe(401);
          expect(rec.events).toEqual([]);
          expect(rec.failures.map((f) => f.code)).toEqual([code]);
        });
      }

      it("a missing or malformed signature is refused without reading the body", async () => {
        for (const headers of [{}, { "x-360dialog-signature": "nope" }]) {
          const { handler } = handlerWith({ secret: SECRET });
          const counted = countingBody(1000, 1024);
          const response = await handler(
            new Request("http://localhost/", {
              method: "POST",
              headers,
              body: counted.stream,
              duplex: "half",
            } as RequestInit),
          );
          expect(response.status).toBe(401);
          expect(counted.pulled()).toBeLessThanOrEqual(1024);
        }
      });

      it("a wrong signature on a huge body is refused after at most maxBodyBytes (413 first)", async () => {
        const { rec, handler } = handlerWith({ secret: SECRET, maxBodyBytes: 10 * 1024 });
        const counted = countingBody(1000, 1024);
        const response = await handler(
          new Request("http://localhost/", {
            method: "POST",
            headers: { "x-360dialog-signature": hmac("wrong", "x") },
            body: counted.stream,
            duplex: "half",
          } as RequestInit),
        );
        expect(response.status).toBe(413);
        expect(counted.pulled()).toBeLessThanOrEqual(12 * 1024);
        expect(rec.events).toEqual([]);
      });
    });

    describe("Meta's X-Hub-Signature-256", () => {
      it("accepts sha256=<hex>", async () => {
        const { handler } = handlerWith({ appSecret: APP_SECRET });
        expect((await handler(signedMeta(body))).status).toBe(200);
      });

      it("refuses a bare hex digest or base64 (Meta sends sha256=<hex>)", async () => {
        const { handler } = handlerWith({ appSecret: APP_SECRET });
        for (const value of [
          hmac(APP_SECRET, body),
          `sha256=${hmac(APP_SECRET, body, "base64")}`,
        ]) {
          const response = await handler(
            new Request("http://localhost/", {
              method: "POST",
              headers: { "x-hub-signature-256": value },
              body,
            }),
          );
          expect(response.status).toBe(401);
        }
      });
    });

    describe("custom headers", () => {
      it("accepts the configured values, case-insensitive names", async () => {
        const { rec, handler } = handlerWith({
          headers: { Authorization: "Bearer s3cret", "X-Partner": "p" },
        });
        const response = await handler(
          new Request("http://localhost/", {
            method: "POST",
            headers: { authorization: "Bearer s3cret", "x-partner": "p" },
            body,
          }),
        );
        expect(response.status).toBe(200);
        expect(rec.events).toHaveLength(1);
      });

      for (const [name, headers, code] of [
        ["missing", { "x-partner": "p" }, "missing-header"],
        [
          "a prefix of the value",
          { authorization: "Bearer s3cre", "x-partner": "p" },
          "invalid-header",
        ],
        ["a longer value", { authorization: "Bearer s3cret!", "x-partner": "p" }, "invalid-header"],
      ] as const) {
        it(`refuses ${name} with 401`, async () => {
          const { rec, handler } = handlerWith({
            headers: { Authorization: "Bearer s3cret", "X-Partner": "p" },
          });
          const response = await handler(
            new Request("http://localhost/", { method: "POST", headers, body }),
          );
          expect(response.status).toBe(401);
          expect(rec.failures.map((f) => f.code)).toEqual([code]);
        });
      }
    });

    describe("configuration", () => {
      it("needs at least one of secret, appSecret, headers", () => {
        expect(() => createWebhookHandler({})).toThrow(TypeError);
        expect(() => createWebhookHandler({ secret: "" })).toThrow(/secret must be a non-empty/);
        expect(() => createWebhookHandler({ appSecret: [] })).toThrow(/appSecret/);
        expect(() => createWebhookHandler({ headers: {} })).toThrow(/headers/);
      });

      it("every configured check must pass", async () => {
        const { handler } = handlerWith({ secret: SECRET, headers: { authorization: "t" } });
        expect((await handler(signed360(body))).status).toBe(401);
        const request = signed360(body);
        request.headers.set("authorization", "t");
        expect((await handler(request)).status).toBe(200);
      });

      it("rejects out-of-range numbers", () => {
        expect(() => createWebhookHandler({ secret: SECRET, maxBodyBytes: 0 })).toThrow(RangeError);
        expect(() => createWebhookHandler({ secret: SECRET, timeoutMs: -1 })).toThrow(RangeError);
        expect(() => createWebhookHandler({ secret: SECRET, timeoutMs: 2 ** 31 })).toThrow(
          RangeError,
        );
        expect(() => createWebhookHandler({ secret: SECRET, dedupeTtlMs: 1.5 })).toThrow(
          RangeError,
        );
      });
    });
  });
}

describe("which crypto each build uses", () => {
  afterEach(() => vi.restoreAllMocks());

  it("the Node build never calls WebCrypto for a request; the web build does", async () => {
    const body = payload({ messages: [{ id: "wamid.which" }] });
    const verify = vi.spyOn(crypto.subtle, "verify");
    const onEvent = () => {};
    const node = nodeBuild.createWebhookHandler({ secret: SECRET, headers: { a: "b" }, onEvent });
    const nodeRequest = signed360(body);
    nodeRequest.headers.set("a", "b");
    expect((await node(nodeRequest)).status).toBe(200);
    expect(verify).not.toHaveBeenCalled();
    const web = webBuild.createWebhookHandler({ secret: SECRET, headers: { a: "b" }, onEvent });
    const webRequest = signed360(body);
    webRequest.headers.set("a", "b");
    expect((await web(webRequest)).status).toBe(200);
    expect(verify).toHaveBeenCalledTimes(2);
  });
});

describe("digest parsing", () => {
  const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

  it("reads 32 bytes from any case of hex, and from base64, as Buffer does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (bytes, upper) => {
        const hex = upper ? hexOf(bytes).toUpperCase() : hexOf(bytes);
        expect(parse360Signature(hex)).toEqual(bytes);
        expect(parse360Signature(`sha256=${hex}`)).toEqual(bytes);
        expect(parseMetaSignature(`sha256=${hex}`)).toEqual(bytes);
        expect(parse360Signature(Buffer.from(bytes).toString("base64"))).toEqual(bytes);
      }),
    );
  });

  it("refuses 64 characters that are not all hex digits", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat(63),
        fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[0-9a-fA-F]/.test(c)),
        (bytes, at, c) => {
          const hex = hexOf(bytes);
          const bad = hex.slice(0, at) + c + hex.slice(at + 1);
          expect(parseMetaSignature(`sha256=${bad}`)).toBeUndefined();
          if (bad.length === 64) expect(parse360Signature(bad)).toBeUndefined();
        },
      ),
    );
  });
});
