// Key rotation, the start-up check, and the points that must not knock the endpoint over, on both
// builds. Requests come from the node:crypto WhatsApp side in ./helpers.ts.

import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { serve } from "@hono/node-server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { FlowEndpointErrorEvent, FlowEndpointOptions } from "../src/index.js";
import * as webBuild from "../src/index.js";
import * as nodeBuild from "../src/index.node.js";
import {
  decryptReplyWithNode,
  encryptRequestWithNode,
  generateTestKeyPair,
  postRequest,
  type TestKeyPair,
} from "./helpers.js";

let current: TestKeyPair;
let previous: TestKeyPair;
let stranger: TestKeyPair;

beforeAll(() => {
  current = generateTestKeyPair();
  previous = generateTestKeyPair();
  stranger = generateTestKeyPair();
});

afterEach(() => {
  vi.useRealTimers();
});

const builds = [
  ["web build", webBuild],
  ["Node build", nodeBuild],
] as const;

describe.each(builds)("key rotation (%s)", (_name, build) => {
  it("opens requests under the new key and the old one, and says which key did", async () => {
    const seen: number[] = [];
    const endpoint = build.createFlowEndpoint({
      privateKey: [current.privatePem, previous.privatePem],
      handle: (_payload, context) => {
        seen.push(context.keyIndex);
        return { screen: "S", data: { key: context.keyIndex } };
      },
    });
    for (const [pair, index] of [
      [current, 0],
      [previous, 1],
      [current, 0],
    ] as const) {
      const sent = encryptRequestWithNode({ version: "3.0", action: "INIT" }, pair.publicKey);
      const response = await endpoint(postRequest(JSON.stringify(sent.body)));
      expect(response.status).toBe(200);
      expect(decryptReplyWithNode(await response.text(), sent.aesKey, sent.iv)).toBe(
        `{"screen":"S","data":{"key":${index}}}`,
      );
    }
    expect(seen).toEqual([0, 1, 0]);
    // A request under neither key is still a 421, so WhatsApp re-fetches the public key.
    const events: FlowEndpointErrorEvent[] = [];
    const strict = build.createFlowEndpoint({
      privateKey: [current.privatePem, previous.privatePem],
      handle: () => ({ data: {} }),
      onError: (event) => events.push(event),
    });
    const sent = encryptRequestWithNode({ version: "3.0", action: "ping" }, stranger.publicKey);
    expect((await strict(postRequest(JSON.stringify(sent.body)))).status).toBe(421);
    expect(events.map((e) => e.code)).toEqual(["aes-key-decryption-failed"]);
  });

  it("takes one passphrase per key, or one for all", async () => {
    const encrypted = (pair: TestKeyPair, passphrase: string) =>
      pair.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase });
    const endpoint = build.createFlowEndpoint({
      privateKey: [encrypted(current, "new secret") as string, previous.privatePem],
      passphrase: ["new secret", undefined],
      handle: (_payload, context) => ({ data: { key: context.keyIndex } }),
    });
    await endpoint.ready();
    const sent = encryptRequestWithNode({ version: "3.0", action: "INIT" }, current.publicKey);
    const response = await endpoint(postRequest(JSON.stringify(sent.body)));
    expect(decryptReplyWithNode(await response.text(), sent.aesKey, sent.iv)).toBe(
      '{"data":{"key":0}}',
    );
    expect(() =>
      build.createFlowEndpoint({
        privateKey: [current.privatePem, previous.privatePem],
        passphrase: ["only one"],
        handle: () => ({ data: {} }),
      }),
    ).toThrow(/one per key/);
    expect(() =>
      build.createFlowEndpoint({ privateKey: [], handle: () => ({ data: {} }) }),
    ).toThrow(TypeError);
  });
});

describe.each(builds)("ready() (%s)", (_name, build) => {
  it("rejects with the KeyFormatError of a wrong passphrase or format, before any request", async () => {
    const encryptedPem = current.privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "right",
    }) as string;
    const wrong = build.createFlowEndpoint({
      privateKey: encryptedPem,
      passphrase: "wrong",
      handle: () => ({ data: {} }),
    });
    await expect(wrong.ready()).rejects.toMatchObject({
      name: "KeyFormatError",
      code: "BAD_PASSPHRASE",
    });
    // The old key of a rotation is checked too.
    const oldBroken = build.createFlowEndpoint({
      privateKey: [
        current.privatePem,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
      ],
      handle: () => ({ data: {} }),
    });
    await expect(oldBroken.ready()).rejects.toMatchObject({ name: "KeyFormatError" });
    // The rejection names no secret.
    const error = (await wrong.ready().catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain("wrong");
  });

  it("resolves for good keys, after which requests find them imported", async () => {
    const events: FlowEndpointErrorEvent[] = [];
    const endpoint = build.createFlowEndpoint({
      privateKey: current.privatePem,
      appSecret: "s",
      handle: () => ({ data: {} }),
      onError: (event) => events.push(event),
    });
    await expect(endpoint.ready()).resolves.toBeUndefined();
    await expect(endpoint.ready()).resolves.toBeUndefined();
    expect(events).toEqual([]);
  });
});

describe.each(builds)("cannot be knocked over (%s)", (_name, build) => {
  const base = (): FlowEndpointOptions => ({
    privateKey: current.privatePem,
    handle: () => ({ data: {} }),
  });

  it("leaves no unhandled rejection when onError returns a rejecting promise", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      let calls = 0;
      const endpoint = build.createFlowEndpoint({
        ...base(),
        onError: (async () => {
          calls++;
          throw new Error("logging backend down");
        }) as unknown as FlowEndpointOptions["onError"],
      });
      const response = await endpoint(new Request("http://flows.test/", { method: "GET" }));
      expect(response.status).toBe(405);
      // Unhandled rejections are reported after the microtask queue drains.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });

  it("refuses a timeoutMs that timers cannot keep instead of letting it become 1 ms", () => {
    for (const timeoutMs of [2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER, -1, Number.NaN]) {
      expect(() => build.createFlowEndpoint({ ...base(), timeoutMs })).toThrow(RangeError);
    }
    for (const timeoutMs of [0, 1, 2 ** 31 - 1, Number.POSITIVE_INFINITY]) {
      expect(() => build.createFlowEndpoint({ ...base(), timeoutMs })).not.toThrow();
    }
  });

  it("answers 408 when the body does not arrive within timeoutMs, and stops reading it", async () => {
    vi.useFakeTimers();
    const events: FlowEndpointErrorEvent[] = [];
    let cancelled = false;
    const endpoint = build.createFlowEndpoint({
      ...base(),
      timeoutMs: 5_000,
      onError: (event) => events.push(event),
    });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"encrypted_flow_data":"'));
        // …and nothing more, ever.
      },
      cancel() {
        cancelled = true;
      },
    });
    const answered = endpoint(
      new Request("http://flows.test/", {
        method: "POST",
        body,
        duplex: "half",
      } as RequestInit),
    );
    await vi.advanceTimersByTimeAsync(4_999);
    let settled = false;
    void answered.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const response = await answered;
    expect(response.status).toBe(408);
    expect(await response.text()).toBe("Request Timeout");
    expect(events.map((e) => [e.status, e.code])).toEqual([[408, "body-timeout"]]);
    expect(cancelled).toBe(true);
  });

  it("answers a trickling sender over real HTTP with 408 instead of waiting for Node's 300 s", async () => {
    const events: FlowEndpointErrorEvent[] = [];
    const endpoint = build.createFlowEndpoint({
      ...base(),
      timeoutMs: 300,
      onError: (event) => events.push(event),
    });
    const server = serve({ fetch: endpoint, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      const head = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.write(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
          );
        });
        let received = "";
        socket.on("data", (chunk) => {
          received += chunk.toString();
          if (received.includes("\r\n\r\n")) {
            resolve(received);
            socket.destroy();
          }
        });
        socket.on("error", reject);
      });
      expect(head.startsWith("HTTP/1.1 408")).toBe(true);
      expect(events.map((e) => e.code)).toEqual(["body-timeout"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
