// Only a request that no private key opens is a 421 (WhatsApp then re-fetches the public key);
// any other failure of the RSA step is ours, a 500 reported to onError, so that a platform change
// (Node 24.21+ deprecates KeyObject.from() on a non-extractable CryptoKey, DEP0204; a later Node
// throws) cannot turn every request into a 421.
import { KeyObject } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createFlowEndpointUsing } from "../src/endpoint.js";
import * as web from "../src/index.js";
import * as node from "../src/index.node.js";
import { nodeCrypto } from "../src/node/crypto.js";
import {
  encryptRequestWithNode,
  generateTestKeyPair,
  postRequest,
  type TestKeyPair,
} from "./helpers.js";

let current: TestKeyPair;
let previous: TestKeyPair;
beforeAll(() => {
  current = generateTestKeyPair();
  previous = generateTestKeyPair();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const ping = (pair: TestKeyPair) =>
  JSON.stringify(encryptRequestWithNode({ version: "3.0", action: "ping" }, pair.publicKey).body);

/** RSA-OAEP in WebCrypto fails for a reason other than the key: a fault, not a wrong key. */
function breakWebRsa(error: unknown) {
  const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
  vi.spyOn(crypto.subtle, "decrypt").mockImplementation(async (algorithm, key, data) => {
    if ((algorithm as Algorithm).name === "RSA-OAEP") throw error;
    return decrypt(algorithm, key, data);
  });
}

describe.each([
  ["web", web],
  ["node", node],
] as const)("%s build", (_name, flows) => {
  it("answers 500 internal-error, not 421, when WebCrypto's RSA throws something else than a wrong key", async () => {
    const events: web.FlowEndpointErrorEvent[] = [];
    const endpoint = flows.createFlowEndpoint({
      privateKey: [current.privatePem, previous.privatePem],
      handle: () => ({ data: {} }),
      onError: (event) => events.push(event),
    });
    await endpoint.ready();
    const fault = new TypeError("the platform changed under us");
    breakWebRsa(fault);
    // Several in flight, so that the Node build also takes the WebCrypto path.
    const responses = await Promise.all(
      [current, previous, current].map((pair) => endpoint(postRequest(ping(pair)))),
    );
    expect(responses.map((r) => r.status)).toEqual([500, 500, 500]);
    expect(events.map((e) => e.code)).toEqual([
      "internal-error",
      "internal-error",
      "internal-error",
    ]);
    expect(events[0]?.error).toBe(fault);
  });

  it("still answers 421 when every key says no, and 200 when the second key opens it", async () => {
    const statuses: number[] = [];
    const endpoint = flows.createFlowEndpoint({
      privateKey: [current.privatePem, previous.privatePem],
      handle: () => ({ data: {} }),
      onError: (event) => statuses.push(event.status),
    });
    const stranger = generateTestKeyPair();
    expect((await endpoint(postRequest(ping(stranger)))).status).toBe(421);
    expect((await endpoint(postRequest(ping(previous)))).status).toBe(200);
    expect(statuses).toEqual([421]);
  });

  it("decryptFlowRequest rethrows a fault as it is, and only a wrong key as aes-key-decryption-failed", async () => {
    const cryptoKey = await crypto.subtle.importKey(
      "pkcs8",
      current.privateKey.export({ type: "pkcs8", format: "der" }),
      { name: "RSA-OAEP", hash: "SHA-256" },
      false,
      ["decrypt"],
    );
    await expect(flows.decryptFlowRequest(ping(previous), cryptoKey)).rejects.toMatchObject({
      name: "FlowDecryptionError",
      reason: "aes-key-decryption-failed",
      status: 421,
    });
    const fault = new TypeError("not a wrong key");
    breakWebRsa(fault);
    await expect(flows.decryptFlowRequest(ping(current), cryptoKey)).rejects.toBe(fault);
  });
});

describe("Node build, a request alone (RSA on node:crypto)", () => {
  it("never calls KeyObject.from (deprecated for non-extractable keys, DEP0204)", async () => {
    const from = vi.spyOn(KeyObject, "from");
    const endpoint = node.createFlowEndpoint({
      privateKey: current.privatePem,
      handle: () => ({ data: {} }),
    });
    expect((await endpoint(postRequest(ping(current)))).status).toBe(200);
    expect(from).not.toHaveBeenCalled();
  });

  it("answers 500 internal-error, not 421, when node:crypto's RSA throws something else than a wrong key", async () => {
    const fault = Object.assign(new TypeError("KeyObject went away"), {
      code: "ERR_INVALID_ARG_TYPE",
    });
    const events: web.FlowEndpointErrorEvent[] = [];
    const endpoint = createFlowEndpointUsing(
      {
        ...nodeCrypto,
        prepareRsaSync: () => () => {
          throw fault;
        },
      },
      {
        privateKey: [current.privatePem, previous.privatePem],
        handle: () => ({ data: {} }),
        onError: (event) => events.push(event),
      },
    );
    expect((await endpoint(postRequest(ping(previous)))).status).toBe(500);
    expect(events).toMatchObject([{ status: 500, code: "internal-error", error: fault }]);
  });

  it("a key node:crypto cannot take is a 500 private-key-import-failed at start-up, never a 421", async () => {
    const events: web.FlowEndpointErrorEvent[] = [];
    const fault = new Error("unsupported key");
    const endpoint = createFlowEndpointUsing(
      {
        ...nodeCrypto,
        prepareRsaSync: () => {
          throw fault;
        },
      },
      {
        privateKey: current.privatePem,
        handle: () => ({ data: {} }),
        onError: (event) => events.push(event),
      },
    );
    await expect(endpoint.ready()).rejects.toBe(fault);
    expect((await endpoint(postRequest(ping(current)))).status).toBe(500);
    expect(events).toMatchObject([{ code: "private-key-import-failed", error: fault }]);
  });
});
