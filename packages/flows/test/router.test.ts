// createFlowRouter: requests reach the route for their action and screen, through the endpoint,
// with replies WhatsApp can use; requests without a route are a 500 with a named error.
import { describe, expect, it } from "vitest";
import {
  completeFlow,
  createFlowEndpoint,
  createFlowRouter,
  type FlowEndpointErrorEvent,
  FlowRouteNotFoundError,
} from "../src/index.js";
import {
  decryptReplyWithNode,
  encryptRequestWithNode,
  generateTestKeyPair,
  postRequest,
} from "./helpers.js";

const pair = generateTestKeyPair();

type Screens = {
  WELCOME: { greeting: string };
  DETAILS: { name: string };
};

describe("createFlowRouter", () => {
  const seen: string[] = [];
  const events: FlowEndpointErrorEvent[] = [];
  const endpoint = createFlowEndpoint({
    privateKey: pair.privatePem,
    onError: (event) => events.push(event),
    handle: createFlowRouter<Screens>({
      INIT: (_payload, context) => {
        seen.push(`INIT ${context.keyIndex}`);
        return { screen: "WELCOME", data: { greeting: "Hello" } };
      },
      BACK: {
        WELCOME: () => ({ screen: "WELCOME", data: { greeting: "Back again" } }),
      },
      data_exchange: {
        WELCOME: (payload) => {
          seen.push(`WELCOME ${JSON.stringify(payload.data)}`);
          return { screen: "DETAILS", data: { name: String(payload.data.name) } };
        },
        DETAILS: async (payload) => {
          if (payload.data.name === "") {
            return { screen: "DETAILS", data: { name: "", error_message: "Name, please" } };
          }
          return completeFlow(payload.flow_token ?? "", { name: payload.data.name });
        },
      },
    }),
  });

  const call = async (payload: object) => {
    const sent = encryptRequestWithNode(payload, pair.publicKey);
    const response = await endpoint(postRequest(JSON.stringify(sent.body)));
    if (response.status !== 200) return response.status;
    return JSON.parse(decryptReplyWithNode(await response.text(), sent.aesKey, sent.iv));
  };

  it("routes INIT, BACK and data_exchange by screen", async () => {
    expect(await call({ version: "3.0", action: "INIT", flow_token: "t" })).toEqual({
      screen: "WELCOME",
      data: { greeting: "Hello" },
    });
    expect(await call({ version: "3.0", action: "BACK", screen: "WELCOME" })).toEqual({
      screen: "WELCOME",
      data: { greeting: "Back again" },
    });
    expect(
      await call({
        version: "3.0",
        action: "data_exchange",
        screen: "WELCOME",
        data: { name: "Ada" },
      }),
    ).toEqual({ screen: "DETAILS", data: { name: "Ada" } });
    expect(
      await call({
        version: "3.0",
        action: "data_exchange",
        screen: "DETAILS",
        data: { name: "" },
      }),
    ).toEqual({ screen: "DETAILS", data: { name: "", error_message: "Name, please" } });
    expect(
      await call({
        version: "3.0",
        action: "data_exchange",
        screen: "DETAILS",
        data: { name: "Ada" },
        flow_token: "tok-1",
      }),
    ).toEqual({
      screen: "SUCCESS",
      data: { extension_message_response: { params: { name: "Ada", flow_token: "tok-1" } } },
    });
    expect(seen).toEqual(["INIT 0", 'WELCOME {"name":"Ada"}']);
  });

  it("answers 500 with FlowRouteNotFoundError for a screen or action without a route", async () => {
    events.length = 0;
    expect(await call({ version: "3.0", action: "data_exchange", screen: "NOPE", data: {} })).toBe(
      500,
    );
    expect(await call({ version: "3.0", action: "BACK", screen: "DETAILS" })).toBe(500);
    // Not a route, although every object has it.
    expect(
      await call({ version: "3.0", action: "data_exchange", screen: "toString", data: {} }),
    ).toBe(500);
    expect(events.map((e) => e.code)).toEqual([
      "handler-failed",
      "handler-failed",
      "handler-failed",
    ]);
    expect(events[0]?.error).toBeInstanceOf(FlowRouteNotFoundError);
    expect(events[0]?.error).toMatchObject({ action: "data_exchange", screen: "NOPE" });
  });

  it("runs no data_exchange route for an unknown action or a screen that is not a string", async () => {
    events.length = 0;
    seen.length = 0;
    // Each of these reached the WELCOME data_exchange route before: an unknown action fell
    // through to the data_exchange table, and a non-string screen was turned into a key.
    for (const payload of [
      { version: "3.0", action: "navigate", screen: "WELCOME", data: { name: "Ada" } },
      { version: "3.0", action: "DATA_EXCHANGE", screen: "WELCOME", data: { name: "Ada" } },
      { version: "3.0", action: "data_exchange", screen: ["WELCOME"], data: { name: "Ada" } },
      { version: "3.0", action: "data_exchange", screen: { toString: null }, data: {} },
      { version: "3.0", action: "BACK", screen: ["WELCOME"] },
    ]) {
      expect(await call(payload)).toBe(500);
    }
    expect(seen).toEqual([]);
    expect(events.map((e) => e.code)).toEqual(Array(5).fill("handler-failed"));
    for (const event of events) expect(event.error).toBeInstanceOf(FlowRouteNotFoundError);
    expect(events.map((e) => (e.error as FlowRouteNotFoundError).message)).toEqual([
      'No route for action "navigate"; a router answers INIT, BACK and data_exchange only',
      'No route for action "DATA_EXCHANGE"; a router answers INIT, BACK and data_exchange only',
      "No route for data_exchange without a screen name; the request's screen is not a string",
      "No route for data_exchange without a screen name; the request's screen is not a string",
      "No route for BACK without a screen name; the request's screen is not a string",
    ]);
    expect(events[2]?.error).toMatchObject({ action: "data_exchange", screen: undefined });
  });
});
