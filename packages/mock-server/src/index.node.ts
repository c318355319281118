// The package's `node` build: everything in index.ts plus the HTTP server.
export * from "./index.js";
export type { MockServer, MockServerOptions } from "./node/server.js";
export { startMockServer } from "./node/server.js";

import { nodeHttpTransport } from "./simulator/node/send.js";
import {
  type FlowSimulationResult,
  type SimulateFlowRequestOptions,
  simulateFlowRequestUsing,
} from "./simulator/simulate.js";

/**
 * Plays WhatsApp's side of one Flows request; see the web build's `simulateFlowRequest`. In
 * the Node build a URL endpoint is sent to with node:http, exactly once per attempt (fetch
 * would re-send a 421 by itself), so `attempts` counts the requests the endpoint received.
 *
 * @example
 * const result = await simulateFlowRequest({ endpoint: url, publicKey, payload: { version: "3.0", action: "ping" } });
 */
export function simulateFlowRequest(
  options: SimulateFlowRequestOptions,
): Promise<FlowSimulationResult> {
  return simulateFlowRequestUsing(nodeHttpTransport, options);
}
