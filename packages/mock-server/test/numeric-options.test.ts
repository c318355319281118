// Every numeric option of the mock and of the simulator is type- and range-checked: a string
// (as read from an environment variable) is a TypeError naming the option, never a number in
// disguise; a delay `setTimeout` cannot honour (2^31 ms or more fires at once) is a RangeError.
import { describe, expect, it } from "vitest";
import { simulateFlowRequest as simulateOnTheWeb } from "../src/index.js";
import {
  createMockHandler,
  FaultQueue,
  simulateFlowRequest,
  startMockServer,
  vendorFaults,
} from "../src/index.node.js";
import { rsaKeyPair } from "./helpers.js";

const TOO_LONG = 2 ** 31;

type Setter = (value: unknown) => unknown;

const OPTIONS: [string, Setter][] = [
  ["maxBodyBytes", (v) => createMockHandler({ maxBodyBytes: v as number })],
  ["maxRecordedRequests", (v) => createMockHandler({ maxRecordedRequests: v as number })],
  [
    "rateLimit.requests",
    (v) => createMockHandler({ rateLimit: { requests: v as number, perMs: 1000 } }),
  ],
  ["rateLimit.perMs", (v) => createMockHandler({ rateLimit: { requests: 1, perMs: v as number } })],
  ["Fault status", (v) => new FaultQueue().enqueue({ status: v as number })],
  ["Fault delayMs", (v) => new FaultQueue().enqueue({ delayMs: v as number })],
  ["Fault times", (v) => new FaultQueue().enqueue({ times: v as number })],
  ["legacyRateLimit seconds", (v) => vendorFaults.legacyRateLimit(v as number)],
  ["policyBlock errorSubcode", (v) => vendorFaults.policyBlock({ errorSubcode: v as number })],
  ["throughput.perSecond", (v) => createMockHandler({ throughput: { perSecond: v as number } })],
  [
    "pairRateLimit.intervalMs",
    (v) => createMockHandler({ pairRateLimit: { intervalMs: v as number } }),
  ],
  ["pairRateLimit.burst", (v) => createMockHandler({ pairRateLimit: { burst: v as number } })],
  ["cutResponses.every", (v) => createMockHandler({ cutResponses: { every: v as number } })],
  [
    "cutResponses.probability",
    (v) => createMockHandler({ cutResponses: { probability: v as number } }),
  ],
  ["duplicateWindowMs", (v) => createMockHandler({ duplicateWindowMs: v as number })],
];

describe.each(OPTIONS)("%s", (name, set) => {
  it('a string "200" is a TypeError naming the option', () => {
    expect(() => set("200")).toThrow(TypeError);
    expect(() => set("200")).toThrow(
      new RegExp(`^${name} must be a number.*, got the string "200"$`),
    );
  });

  it.each([true, {}, [200]])("%j is a TypeError", (value) => {
    expect(() => set(value)).toThrow(TypeError);
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])(
    "%s is a RangeError naming the option",
    (value) => {
      expect(() => set(value)).toThrow(RangeError);
      expect(() => set(value)).toThrow(new RegExp(`^${name} must be `));
    },
  );
});

describe("delays setTimeout cannot honour", () => {
  it("a fault delay of 2^31 ms or more is refused; 2^31 - 1 is the longest accepted", () => {
    const faults = new FaultQueue();
    expect(() => faults.enqueue({ delayMs: TOO_LONG })).toThrow(RangeError);
    expect(() => faults.enqueue({ delayMs: TOO_LONG })).toThrow(
      "Fault delayMs must be a number from 0 up to 2147483647, got 2147483648",
    );
    faults.enqueue({ delayMs: TOO_LONG - 1 });
    expect(faults.size).toBe(1);
  });

  const { publicKeyPem } = rsaKeyPair();
  let called = 0;
  const endpoint = () => {
    called += 1;
    return new Response("", { status: 500 });
  };

  it.each([
    ["a string", "200", TypeError],
    ["2^31 ms", TOO_LONG, RangeError],
    ["0", 0, RangeError],
    ["NaN", Number.NaN, RangeError],
  ])(
    "simulateFlowRequest timeoutMs %s is refused before anything is sent (both builds)",
    async (_, value, type) => {
      for (const simulate of [simulateFlowRequest, simulateOnTheWeb]) {
        const options = {
          endpoint,
          publicKey: publicKeyPem,
          payload: { version: "3.0", action: "ping" },
          timeoutMs: value as number,
        };
        await expect(simulate(options)).rejects.toThrow(type);
        await expect(simulate(options)).rejects.toThrow(/^simulateFlowRequest timeoutMs must be /);
      }
      expect(called).toBe(0);
    },
  );
});

describe("startMockServer", () => {
  it.each([
    ["4010", TypeError],
    [65536, RangeError],
    [-1, RangeError],
    [1.5, RangeError],
  ])("port %j is refused before anything listens", async (port, type) => {
    await expect(startMockServer({ port: port as number })).rejects.toThrow(type);
    await expect(startMockServer({ port: port as number })).rejects.toThrow(/^port must be /);
  });
});
