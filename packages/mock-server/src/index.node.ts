// The package's `node` build: everything in index.ts plus the HTTP server.
export * from "./index.js";
export type { MockServer, MockServerOptions } from "./node/server.js";
export { startMockServer } from "./node/server.js";
