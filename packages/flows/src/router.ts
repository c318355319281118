import type { FlowEndpointContext, FlowHandlerResult } from "./endpoint-options.js";
import { FlowError } from "./errors.js";
import type {
  FlowBackPayload,
  FlowDataExchangePayload,
  FlowHandlerPayload,
  FlowInitPayload,
} from "./types.js";

// A typed router for `handle`: a flow written screen by screen. The reply shapes are Meta's
// ("Implementing Endpoint for Flows", data exchange and completion responses): the next screen
// with the data it declares, optionally with `error_message` to show on it, or the completion
// that closes the flow and sends the chat message, with `extension_message_response.params`
// carrying `flow_token`.

/** The screens of a flow and the data each one declares, e.g. `{ WELCOME: { greeting: string } }`. */
export type FlowScreens = Record<string, Record<string, unknown>>;

/** Shows `screen` next with the data it declares; `error_message` shows an error on it. */
export type FlowScreenReply<S extends FlowScreens> = {
  [K in keyof S & string]: {
    /** The screen to show next. */
    screen: K;
    /** The data the screen declares, and optionally an error to show on it. */
    data: S[K] & {
      /** Shown on the screen, e.g. for input the endpoint refused. */
      error_message?: string;
    };
  };
}[keyof S & string];

/** Closes the flow; WhatsApp sends the chat message with `params` (which must hold `flow_token`). */
export interface FlowCompletionReply {
  /** Always `"SUCCESS"`, the completion's pseudo screen. */
  screen: "SUCCESS";
  /** The completion payload. */
  data: {
    /** What WhatsApp sends to the chat when the flow closes. */
    extension_message_response: {
      /** Passed on in the completion message; `flow_token` is required. */
      params: {
        /** The flow token of the request. */
        flow_token: string;
      } & Record<string, unknown>;
    };
  };
}

/** Any reply a route may give. */
export type FlowRouteReply<S extends FlowScreens> = FlowScreenReply<S> | FlowCompletionReply;

/** One route: the request (narrowed to its action and screen) and the context, to a reply. */
export type FlowRoute<P, S extends FlowScreens> = (
  payload: P,
  context: FlowEndpointContext,
) => FlowRouteReply<S> | Promise<FlowRouteReply<S>>;

/** The routes of {@link createFlowRouter}: INIT, and BACK and data_exchange per screen. */
export interface FlowRoutes<S extends FlowScreens> {
  /** The flow was opened (only for flows whose first screen needs data). */
  INIT?: FlowRoute<FlowInitPayload, S>;
  /** The user went back to a screen with `refresh_on_back`, by the screen gone back to. */
  BACK?: {
    [K in keyof S & string]?: FlowRoute<
      FlowBackPayload & {
        /** The screen gone back to. */
        screen: K;
      },
      S
    >;
  };
  /** A screen's `data_exchange` action, by the screen that fired it. */
  data_exchange?: {
    [K in keyof S & string]?: FlowRoute<
      FlowDataExchangePayload & {
        /** The screen that fired the action. */
        screen: K;
      },
      S
    >;
  };
}

/** The actions a router has routes for (Meta, "Implementing Endpoint for Flows", data exchange request). */
const ROUTED_ACTIONS = new Set(["INIT", "BACK", "data_exchange"]);

/** A request for which the router has no route: a flow and its routes disagree. */
export class FlowRouteNotFoundError extends FlowError {
  /** Always `"FlowRouteNotFoundError"`. */
  override name = "FlowRouteNotFoundError";
  /** The request's action. */
  readonly action: string;
  /** The request's screen, if any (undefined for INIT, and when the request's is not a string). */
  readonly screen: string | undefined;

  constructor(action: string, screen: string | undefined) {
    super(
      !ROUTED_ACTIONS.has(action)
        ? `No route for action ${JSON.stringify(action.slice(0, 64))}; a router answers INIT, BACK and data_exchange only`
        : action === "INIT"
          ? `No route for ${action}; add one to createFlowRouter`
          : screen === undefined
            ? `No route for ${action} without a screen name; the request's screen is not a string`
            : `No route for ${action} on screen ${screen}; add one to createFlowRouter`,
    );
    this.action = action;
    this.screen = screen;
  }
}

/**
 * Builds a `handle` for createFlowEndpoint from routes per action and screen, with the replies
 * type-checked against the flow's screens. A request without a route throws
 * FlowRouteNotFoundError (the endpoint answers 500 and reports `handler-failed`): an action other
 * than INIT, BACK and data_exchange, a screen that is not a string, or a screen with no route.
 *
 * @example
 * type Screens = { WELCOME: { greeting: string }; DETAILS: { name: string } };
 * const handle = createFlowRouter<Screens>({
 *   INIT: () => ({ screen: "WELCOME", data: { greeting: "Hello" } }),
 *   data_exchange: {
 *     WELCOME: () => ({ screen: "DETAILS", data: { name: "Ada" } }),
 *     DETAILS: (payload) => completeFlow(payload.flow_token ?? "", { name: payload.data.name }),
 *   },
 * });
 * const endpoint = createFlowEndpoint({ privateKey, handle });
 */
export function createFlowRouter<S extends FlowScreens>(
  routes: FlowRoutes<S>,
): (payload: FlowHandlerPayload, context: FlowEndpointContext) => Promise<FlowHandlerResult> {
  return async (payload, context) => {
    // The payload is decrypted JSON: its types are what the sender made them, not the declared ones.
    const { action, screen } = payload as { action: string; screen?: unknown };
    const named = typeof screen === "string" ? screen : undefined;
    const table: Record<string, FlowRoute<never, S> | undefined> | undefined =
      action === "INIT"
        ? (routes as Record<string, FlowRoute<never, S> | undefined>)
        : action === "BACK"
          ? routes.BACK
          : action === "data_exchange"
            ? routes.data_exchange
            : undefined;
    const key = action === "INIT" ? "INIT" : named;
    // Own properties only: a screen named like an Object.prototype member is not a route.
    const route =
      table !== undefined && key !== undefined && Object.hasOwn(table, key)
        ? table[key]
        : undefined;
    if (typeof route !== "function") {
      throw new FlowRouteNotFoundError(action, action === "INIT" ? undefined : named);
    }
    return (await route(payload as never, context)) as FlowHandlerResult;
  };
}

/**
 * The completion reply that closes a flow (Meta's `SUCCESS` response): WhatsApp sends the chat
 * message with `params`, which always carry the flow token.
 *
 * @example
 * return completeFlow(payload.flow_token, { order_id: "A-17" });
 */
export function completeFlow(
  flowToken: string,
  params: Record<string, unknown> = {},
): FlowCompletionReply {
  return {
    screen: "SUCCESS",
    data: { extension_message_response: { params: { ...params, flow_token: flowToken } } },
  };
}
