// Every status of the endpoint, driven through the fetch handler with requests that an
// independent node:crypto WhatsApp side (./helpers.ts) encrypted.
import { beforeAll, describe, expect, it } from "vitest";
import {
  createFlowEndpoint,
  type FlowEndpointErrorEvent,
  type FlowEndpointOptions,
  type FlowHandlerPayload,
  FlowTokenExpiredError,
} from "../src/index.js";
import {
  decryptReplyWithNode,
  encryptRequestWithNode,
  generateTestKeyPair,
  postRequest,
  signWithNode,
  type TestKeyPair,
} from "./helpers.js";

const APP_SECRET = "app-secret-3f9a1c";
const PLAINTEXT_MARKER = "PLAINTEXT-MARKER-7d1e";
let pair: TestKeyPair;
let otherPair: TestKeyPair;

beforeAll(() => {
  pair = generateTestKeyPair();
  otherPair = generateTestKeyPair();
});

interface Harness {
  endpoint: (request: Request) => Promise<Response>;
  events: FlowEndpointErrorEvent[];
  handled: FlowHandlerPayload[];
}

function harness(options: Partial<FlowEndpointOptions> = {}): Harness {
  const events: FlowEndpointErrorEvent[] = [];
  const handled: FlowHandlerPayload[] = [];
  const endpoint = createFlowEndpoint({
    privateKey: pair.privatePem,
    handle: (payload) => {
      handled.push(payload);
      return { screen: "NEXT", data: { echo: payload.action } };
    },
    onError: (event) => events.push(event),
    ...options,
  });
  return { endpoint, events, handled };
}

function send(
  endpoint: Harness["endpoint"],
  payload: object | string,
  options: { sign?: string; publicKey?: TestKeyPair["publicKey"] } = {},
) {
  const sent = encryptRequestWithNode(payload, options.publicKey ?? pair.publicKey);
  const raw = JSON.stringify(sent.body);
  const headers: Record<string, string> =
    options.sign === undefined ? {} : { "x-hub-signature-256": signWithNode(raw, options.sign) };
  return { sent, response: endpoint(postRequest(raw, headers)) };
}

async function replyOf(response: Response, sent: ReturnType<typeof encryptRequestWithNode>) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain");
  return decryptReplyWithNode(await response.text(), sent.aesKey, sent.iv);
}

describe("createFlowEndpoint", () => {
  it("answers ping itself with the encrypted health reply", async () => {
    const h = harness();
    const { sent, response } = send(h.endpoint, { version: "3.0", action: "ping" });
    expect(await replyOf(await response, sent)).toBe('{"data":{"status":"active"}}');
    expect(h.handled).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it("acknowledges error notifications itself and tells onErrorNotification", async () => {
    const notified: unknown[] = [];
    const h = harness({ onErrorNotification: (payload) => void notified.push(payload) });
    const notification = {
      version: "3.0",
      action: "data_exchange",
      flow_token: "t",
      data: { error: "invalid-screen-transition", error_message: "no such screen" },
    };
    const { sent, response } = send(h.endpoint, notification);
    expect(await replyOf(await response, sent)).toBe('{"data":{"acknowledged":true}}');
    expect(notified).toEqual([notification]);
    expect(h.handled).toEqual([]);
  });

  it("acknowledges an error notification even when onErrorNotification throws", async () => {
    const h = harness({
      onErrorNotification: () => {
        throw new Error("hook broke");
      },
    });
    const { sent, response } = send(h.endpoint, {
      version: "3.0",
      action: "INIT",
      data: { error: "x" },
    });
    expect(await replyOf(await response, sent)).toBe('{"data":{"acknowledged":true}}');
    expect(h.events.map((e) => [e.status, e.code])).toEqual([
      [200, "error-notification-hook-failed"],
    ]);
  });

  it("passes INIT, BACK and data_exchange to handle and encrypts its reply", async () => {
    const seen: unknown[] = [];
    const h = harness({
      handle: (payload, context) => {
        seen.push([payload, context.request.method, context.signal.aborted]);
        return { version: "3.0", screen: "NEXT", data: { action: payload.action } };
      },
    });
    for (const action of ["INIT", "BACK", "data_exchange"]) {
      const payload = { version: "3.0", action, screen: "S", data: { a: 1 }, flow_token: "tok" };
      const { sent, response } = send(h.endpoint, payload);
      expect(JSON.parse(await replyOf(await response, sent))).toEqual({
        version: "3.0",
        screen: "NEXT",
        data: { action },
      });
      expect(seen.at(-1)).toEqual([payload, "POST", false]);
    }
  });

  it("sends a string or byte reply byte for byte", async () => {
    const text = '{"screen": "X", "data": {}}';
    for (const result of [text, new TextEncoder().encode(text)]) {
      const h = harness({ handle: () => result });
      const { sent, response } = send(h.endpoint, { version: "3.0", action: "INIT" });
      expect(await replyOf(await response, sent)).toBe(text);
    }
  });

  it("accepts the private key as an encrypted PEM with passphrase, or a CryptoKey", async () => {
    const passphrase = "correct horse";
    const encryptedPem = pair.privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase,
    }) as string;
    const cryptoKey = await crypto.subtle.importKey(
      "pkcs8",
      pair.privateKey.export({ type: "pkcs8", format: "der" }),
      { name: "RSA-OAEP", hash: "SHA-256" },
      false,
      ["decrypt"],
    );
    for (const options of [{ privateKey: encryptedPem, passphrase }, { privateKey: cryptoKey }]) {
      const h = harness(options);
      const { sent, response } = send(h.endpoint, { version: "3.0", action: "ping" });
      expect(await replyOf(await response, sent)).toBe('{"data":{"status":"active"}}');
    }
  });

  it("answers 427 for FlowTokenExpiredError, with error_msg when given", async () => {
    const h = harness({
      handle: (payload) => {
        throw new FlowTokenExpiredError(payload.flow_token === "a" ? "Session expired" : undefined);
      },
    });
    const withMessage = await send(h.endpoint, { version: "3.0", action: "INIT", flow_token: "a" })
      .response;
    expect(withMessage.status).toBe(427);
    expect(await withMessage.json()).toEqual({ error_msg: "Session expired" });
    const without = await send(h.endpoint, { version: "3.0", action: "INIT", flow_token: "b" })
      .response;
    expect(without.status).toBe(427);
    expect(await without.text()).toBe("");
    expect(h.events.map((e) => e.code)).toEqual(["flow-token-expired", "flow-token-expired"]);
  });

  it("answers 500 without details when handle throws or returns nothing usable", async () => {
    const results: Array<() => unknown> = [
      () => {
        throw new Error(`failed with ${PLAINTEXT_MARKER}`);
      },
      () => Promise.reject(new Error(PLAINTEXT_MARKER)),
      () => undefined,
      () => ({ data: { n: 1n } }),
    ];
    for (const result of results) {
      const h = harness({ handle: result as FlowEndpointOptions["handle"] });
      const response = await send(h.endpoint, { version: "3.0", action: "INIT" }).response;
      expect(response.status).toBe(500);
      expect(await response.text()).toBe("Internal Server Error");
      expect(h.events).toHaveLength(1);
      expect(["handler-failed", "invalid-handler-response"]).toContain(h.events[0]?.code);
    }
  });

  it("answers 500 and aborts the signal when handle outlives timeoutMs", async () => {
    let signal: AbortSignal | undefined;
    const h = harness({
      timeoutMs: 50,
      handle: (_payload, context) => {
        signal = context.signal;
        return new Promise(() => {});
      },
    });
    // No wall-clock ceiling: a handler that is never cut off leaves the test to time out.
    const response = await send(h.endpoint, { version: "3.0", action: "INIT" }).response;
    expect(response.status).toBe(500);
    expect(signal?.aborted).toBe(true);
    expect(h.events.map((e) => e.code)).toEqual(["handler-timeout"]);
  });

  it("times a handler from its call: a long synchronous start counts against timeoutMs", async () => {
    const busy = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {}
    };
    // 80 ms of synchronous work, then 60 ms more: 140 ms in all, past the 100 ms deadline,
    // although the promise alone would be in time.
    const late = harness({
      timeoutMs: 100,
      handle: () => {
        busy(80);
        return new Promise((resolve) => setTimeout(() => resolve({ data: { late: true } }), 60));
      },
    });
    expect((await send(late.endpoint, { version: "3.0", action: "INIT" }).response).status).toBe(
      500,
    );
    expect(late.events.map((e) => e.code)).toEqual(["handler-timeout"]);
    // A handler that has finished synchronously has answered, however long it took.
    const slowSync = harness({
      timeoutMs: 20,
      handle: () => {
        busy(40);
        return { data: { slow: true } };
      },
    });
    const { sent, response } = send(slowSync.endpoint, { version: "3.0", action: "INIT" });
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(decryptReplyWithNode(await answered.text(), sent.aesKey, sent.iv)).toBe(
      '{"data":{"slow":true}}',
    );
  });

  it("puts any thenable a handler returns under the deadline, not only native promises", async () => {
    let signal: AbortSignal | undefined;
    const h = harness({
      timeoutMs: 30,
      handle: (_payload, context) => {
        signal = context.signal;
        // A bare thenable that never settles, as a hand-rolled promise library might return.
        // biome-ignore lint/suspicious/noThenProperty: the point of the test is a thenable.
        return { then: () => {} } as unknown as Promise<never>;
      },
    });
    expect((await send(h.endpoint, { version: "3.0", action: "INIT" }).response).status).toBe(500);
    expect(signal?.aborted).toBe(true);
    expect(h.events.map((e) => e.code)).toEqual(["handler-timeout"]);
  });

  it("answers 405 to anything but POST", async () => {
    const h = harness();
    for (const method of ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]) {
      const response = await h.endpoint(new Request("http://flows.test/", { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
  });

  it("answers 413 to bodies over maxBodyBytes, declared or streamed", async () => {
    const h = harness({ maxBodyBytes: 1000 });
    const big = "x".repeat(1001);
    expect((await h.endpoint(postRequest(big))).status).toBe(413);
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(400));
        if (pulls > 1000) controller.close();
      },
    });
    const chunked = new Request("http://flows.test/", {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await h.endpoint(chunked)).status).toBe(413);
    expect(pulls).toBeLessThan(10);
    // The default limit is 1 MiB.
    const d = harness();
    expect((await d.endpoint(postRequest("x".repeat(1024 * 1024 + 1)))).status).toBe(413);
    expect((await d.endpoint(postRequest("x".repeat(1024 * 1024)))).status).toBe(400);
  });

  it("answers 400 to bodies that are not a Flows request", async () => {
    const h = harness();
    const valid = encryptRequestWithNode({ version: "3.0", action: "ping" }, pair.publicKey).body;
    for (const body of [
      "",
      "{",
      "[]",
      "null",
      '{"a":1}',
      JSON.stringify({ ...valid, initial_vector: null }),
    ]) {
      expect((await h.endpoint(postRequest(body))).status).toBe(400);
    }
    expect((await h.endpoint(postRequest(new Uint8Array([0x7b, 0xff, 0x7d])))).status).toBe(400);
  });

  it("answers 421 to requests for another key and to tampered ones", async () => {
    const h = harness();
    const response = await send(
      h.endpoint,
      { version: "3.0", action: "ping" },
      { publicKey: otherPair.publicKey },
    ).response;
    expect(response.status).toBe(421);
    expect(h.events.map((e) => e.code)).toEqual(["aes-key-decryption-failed"]);
  });

  it("answers 500, not 421, for every request when the private key cannot be imported", async () => {
    const h = harness({
      privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    });
    for (let i = 0; i < 3; i++) {
      const response = await send(h.endpoint, { version: "3.0", action: "ping" }).response;
      expect(response.status).toBe(500);
    }
    expect(h.events.map((e) => e.code)).toEqual(Array(3).fill("private-key-import-failed"));
    expect(h.events[0]?.error).toBeInstanceOf(Error);
  });

  it("answers 500 for a wrong passphrase, and for a key of the wrong kind", async () => {
    const encryptedPem = pair.privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "right",
    }) as string;
    const signKey = (await crypto.subtle.generateKey(
      {
        name: "RSA-PSS",
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      false,
      ["sign"],
    )) as CryptoKeyPair;
    for (const options of [
      { privateKey: encryptedPem, passphrase: "wrong" },
      { privateKey: signKey.privateKey },
    ]) {
      const h = harness(options);
      const response = await send(h.endpoint, { version: "3.0", action: "ping" }).response;
      expect(response.status).toBe(500);
      expect(h.events.map((e) => e.code)).toEqual(["private-key-import-failed"]);
    }
  });

  describe("with appSecret", () => {
    it("answers 200 to a correct signature, under any of several secrets", async () => {
      const h = harness({ appSecret: ["previous-secret", APP_SECRET] });
      for (const secret of ["previous-secret", APP_SECRET]) {
        const { sent, response } = send(
          h.endpoint,
          { version: "3.0", action: "ping" },
          { sign: secret },
        );
        expect(await replyOf(await response, sent)).toBe('{"data":{"status":"active"}}');
      }
    });

    it("answers 432 to a missing or wrong signature before any decryption", async () => {
      const h = harness({ appSecret: APP_SECRET, privateKey: "not a key at all" });
      const missing = await send(h.endpoint, { version: "3.0", action: "ping" }).response;
      const wrong = await send(h.endpoint, { version: "3.0", action: "ping" }, { sign: "other" })
        .response;
      expect([missing.status, wrong.status]).toEqual([432, 432]);
      // The bad key was never imported: signature failures come first.
      expect(h.events.map((e) => e.code)).toEqual(["missing-signature", "invalid-signature"]);
    });

    it("answers 432 when the body was changed after signing", async () => {
      const h = harness({ appSecret: APP_SECRET });
      const sent = encryptRequestWithNode({ version: "3.0", action: "ping" }, pair.publicKey);
      const raw = JSON.stringify(sent.body);
      const header = signWithNode(raw, APP_SECRET);
      const reformatted = JSON.stringify(sent.body, null, 2);
      expect(
        (await h.endpoint(postRequest(reformatted, { "x-hub-signature-256": header }))).status,
      ).toBe(432);
      expect((await h.endpoint(postRequest(raw, { "x-hub-signature-256": header }))).status).toBe(
        200,
      );
    });

    it("refuses an empty appSecret at creation", () => {
      expect(() => harness({ appSecret: "" })).toThrow(TypeError);
      expect(() => harness({ appSecret: [] })).toThrow(TypeError);
    });
  });

  it("survives an onError hook that throws", async () => {
    const h = harness({
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect((await h.endpoint(new Request("http://flows.test/"))).status).toBe(405);
    expect((await h.endpoint(postRequest("{"))).status).toBe(400);
  });

  it("keeps secrets out of every response body and onError event", async () => {
    const passphrase = "pass-phrase-91ac";
    const encryptedPem = pair.privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase,
    }) as string;
    const secretsSeen: string[] = [];
    const aesKeys: Buffer[] = [];
    const record = async (response: Response) =>
      secretsSeen.push(`${response.status} ${await response.text()}`);
    const variants: Array<Partial<FlowEndpointOptions>> = [
      { privateKey: encryptedPem, passphrase },
      { privateKey: encryptedPem, passphrase: "wrong-pass-phrase" },
      {
        privateKey: encryptedPem,
        passphrase,
        handle: (payload) => {
          if (payload.action === "BACK") throw new FlowTokenExpiredError();
          throw new Error("handler failure");
        },
      },
    ];
    for (const variant of variants) {
      const h = harness({ appSecret: APP_SECRET, ...variant });
      const payloads = [
        { version: "3.0", action: "INIT", data: { marker: PLAINTEXT_MARKER } },
        { version: "3.0", action: "BACK", data: { marker: PLAINTEXT_MARKER } },
        `${PLAINTEXT_MARKER} not json`,
      ];
      for (const payload of payloads) {
        const { sent, response } = send(h.endpoint, payload, { sign: APP_SECRET });
        aesKeys.push(sent.aesKey);
        await record(await response);
      }
      await record(await send(h.endpoint, "x", { sign: "wrong" }).response);
      for (const event of h.events) {
        const error = event.error as Error | undefined;
        secretsSeen.push(
          `${event.code} ${event.message} ${error?.message} ${error?.stack} ${String((error as { cause?: unknown })?.cause)} ${JSON.stringify(error)}`,
        );
      }
    }
    const haystack = secretsSeen.join("\n");
    expect(haystack).toContain("private-key-import-failed"); // the scan saw the failure paths
    expect(haystack).toContain("invalid-payload");
    const privateBody = pair.privatePem.split("\n")[3] as string;
    for (const secret of [
      passphrase,
      "wrong-pass-phrase",
      APP_SECRET,
      PLAINTEXT_MARKER,
      privateBody,
      ...aesKeys.flatMap((key) => [key.toString("hex"), key.toString("base64")]),
    ]) {
      expect(haystack).not.toContain(secret);
    }
  });
});

it("never rejects, even for a request whose body stream errors", async () => {
  const h = harness();
  const stream = new ReadableStream({
    pull(controller) {
      controller.error(new Error("connection reset"));
    },
  });
  const request = new Request("http://flows.test/", {
    method: "POST",
    body: stream,
    duplex: "half",
  } as RequestInit);
  const response = await h.endpoint(request);
  expect(response.status).toBe(400);
  expect(h.events.map((e) => e.code)).toEqual(["body-read-failed"]);
});
