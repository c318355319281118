import { expectTypeOf, test } from "vitest";
import {
  completeFlow,
  createFlowEndpoint,
  createFlowRouter,
  type DecryptedFlowRequest,
  decryptFlowRequest,
  encryptFlowResponse,
  type FlowEndpoint,
  type FlowHandlerPayload,
  type FlowRequestPayload,
  type FlowResponse,
  verifyFlowSignature,
} from "../src/index.js";

test("FlowRequestPayload narrows on action", () => {
  const payload = {} as FlowRequestPayload;
  if (payload.action === "data_exchange") {
    expectTypeOf(payload.screen).toEqualTypeOf<string>();
    expectTypeOf(payload.data).toEqualTypeOf<Record<string, unknown>>();
  }
  if (payload.action === "INIT") expectTypeOf(payload.screen).toEqualTypeOf<string | undefined>();
  expectTypeOf<FlowRequestPayload["action"]>().toEqualTypeOf<
    "ping" | "INIT" | "BACK" | "data_exchange"
  >();
});

test("handle never sees ping, and may reply with an object, text or bytes", () => {
  expectTypeOf<FlowHandlerPayload["action"]>().toEqualTypeOf<"INIT" | "BACK" | "data_exchange">();
  createFlowEndpoint({ privateKey: "pem", handle: () => ({ screen: "A", data: {} }) });
  createFlowEndpoint({ privateKey: "pem", handle: async () => '{"data":{}}' });
  createFlowEndpoint({ privateKey: "pem", handle: () => new Uint8Array(0) });
  // @ts-expect-error a reply needs data
  createFlowEndpoint({ privateKey: "pem", handle: () => ({ screen: "A" }) });
  // @ts-expect-error handle is required
  createFlowEndpoint({ privateKey: "pem" });
  expectTypeOf(createFlowEndpoint).returns.toEqualTypeOf<FlowEndpoint>();
  // Still a plain fetch handler wherever one is expected.
  expectTypeOf(createFlowEndpoint).returns.toExtend<(request: Request) => Promise<Response>>();
  expectTypeOf<FlowEndpoint["ready"]>().returns.resolves.toEqualTypeOf<void>();
  // A list of keys during a rotation, and the index of the key that opened a request.
  createFlowEndpoint({
    privateKey: ["new", "old"],
    passphrase: ["a", undefined],
    handle: (_, context) => {
      expectTypeOf(context.keyIndex).toEqualTypeOf<number>();
      return { data: {} };
    },
  });
});

test("the functions' signatures", () => {
  expectTypeOf(decryptFlowRequest).returns.resolves.toEqualTypeOf<DecryptedFlowRequest>();
  expectTypeOf(encryptFlowResponse).returns.resolves.toEqualTypeOf<string>();
  expectTypeOf(verifyFlowSignature).returns.resolves.toEqualTypeOf<boolean>();
  expectTypeOf<FlowResponse>().toHaveProperty("data");
  // @ts-expect-error a number is not a reply
  void encryptFlowResponse(42, new Uint8Array(16), new Uint8Array(16));
  // @ts-expect-error the signature is over raw text or bytes, not a parsed object
  void verifyFlowSignature({ a: 1 }, "sha256=00", "secret");
});

test("the router checks replies against the flow's screens", () => {
  type Screens = { WELCOME: { greeting: string }; DETAILS: { name: string } };
  createFlowRouter<Screens>({
    INIT: () => ({ screen: "WELCOME", data: { greeting: "hi" } }),
    data_exchange: {
      DETAILS: (payload) => {
        expectTypeOf(payload.screen).toEqualTypeOf<"DETAILS">();
        return completeFlow("token", { a: 1 });
      },
    },
  });
  createFlowRouter<Screens>({
    // @ts-expect-error a screen the flow does not have
    INIT: () => ({ screen: "NOWHERE", data: {} }),
  });
  createFlowRouter<Screens>({
    // @ts-expect-error WELCOME declares greeting, not name
    INIT: () => ({ screen: "WELCOME", data: { name: "x" } }),
  });
  createFlowRouter<Screens>({
    // @ts-expect-error the completion needs the flow token in its params
    INIT: () => ({
      screen: "SUCCESS",
      data: { extension_message_response: { params: {} } },
    }),
  });
  createFlowRouter<Screens>({
    data_exchange: {
      // @ts-expect-error a route for a screen the flow does not have
      NOWHERE: () => completeFlow("t"),
    },
  });
});
