import {
  type InvalidApiKeyReason,
  isInvalidApiKeyError,
  startMockServer,
} from "@d360-messaging/mock-server";
import type { CommandSpec } from "../command.js";
import { InputError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

/** `d360 mock --json` output: one line, printed once the server is listening. */
export interface MockStarted {
  /** Base URL to pass as --base-url or D360_BASE_URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The port it listens on (useful with --port 0). */
  port: number;
  /** The test API keys the mock accepts. */
  apiKeys: string[];
}

function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, not '${raw}'.`, {
      hint: "Use --port 0 (or leave it out) for any free port.",
    });
  return port;
}

const INVALID_KEY: Record<InvalidApiKeyReason, string> = {
  NOT_A_STRING: "is not a string",
  EMPTY: "is empty",
  SURROUNDING_WHITESPACE: "has spaces around it",
  NOT_HEADER_SAFE: "has a character an HTTP header cannot carry (non-ASCII or a control character)",
  DUPLICATE: "repeats an earlier key",
};

function startFailure(error: unknown, port: number | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE")
    return new InputError(`Port ${port} is already in use.`, {
      hint: "Pick another --port, or leave it out for any free port.",
    });
  if (code === "EACCES")
    return new InputError(`Not allowed to listen on port ${port}.`, {
      hint: "Use a port above 1023.",
    });
  // The mock refuses a key no header can carry, an empty, padded or duplicate one, naming its
  // position only; its `index` counts the --api-key options.
  if (isInvalidApiKeyError(error))
    return new UsageError(`--api-key number ${error.index + 1}: ${INVALID_KEY[error.reason]}.`, {
      hint: "Give each test key once, in printable ASCII, without spaces around it.",
    });
  return error;
}

/** Resolves on the first of: io.signal aborted, or (without io.signal) SIGINT/SIGTERM. */
function untilStopped(io: Io): Promise<void> {
  const { signal } = io;
  if (signal !== undefined)
    return new Promise((done) => {
      if (signal.aborted) done();
      else signal.addEventListener("abort", () => done(), { once: true });
    });
  return new Promise((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export const mock: CommandSpec = {
  path: ["mock"],
  summary: "Run a local stand-in for the 360dialog API until interrupted",
  description: `Runs the mock 360dialog Messaging API (from @d360-messaging/mock-server) in the foreground,
printing its URL and the test API keys it accepts, until Ctrl-C (SIGINT) or SIGTERM.
Point the other commands at it with --base-url or D360_BASE_URL.

These API keys are test keys for the mock only, which is why they are printed. D360_API_KEY is
ignored here, so a real key in your environment is never shown.
With --json it prints { url, port, apiKeys } as one JSON line once listening.`,
  examples: [
    "d360 mock --port 4010 --api-key test-key",
    "D360_BASE_URL=http://127.0.0.1:4010 D360_API_KEY=test-key d360 key get",
  ],
  options: {
    port: {
      type: "string",
      value: "N",
      description: "Port to listen on. Default: 0, any free port.",
    },
    // Here --api-key names the mock's test keys, not the key to call the API with.
    "api-key": {
      type: "string",
      value: "KEY",
      multiple: true,
      description: "A test key the mock accepts; repeat for several.",
    },
  },
  callsApi: false,
  positionals: { min: 0, max: 0, names: "" },
  async run({ values, io, out, json }) {
    const port = parsePort(typeof values.port === "string" ? values.port : undefined);
    const requested = Array.isArray(values["api-key"]) ? values["api-key"].map(String) : [];
    const server = await startMockServer({
      port: port ?? 0,
      ...(requested.length > 0 ? { apiKeys: requested } : {}),
    }).catch((error: unknown) => {
      throw startFailure(error, port);
    });
    const started: MockStarted = {
      url: server.url,
      port: server.port,
      apiKeys: [...server.apiKeys],
    };
    if (json) out.out(JSON.stringify(started));
    else
      out.out(
        `Mock 360dialog API listening on ${out.paint("bold", started.url)}`,
        `Test API keys: ${started.apiKeys.join(", ")}`,
        "",
        `Try:  D360_BASE_URL=${started.url} D360_API_KEY=${started.apiKeys[0] ?? "KEY"} d360 key get`,
        "Press Ctrl-C to stop.",
      );
    await untilStopped(io);
    await server.close();
    if (!json) out.err("Mock server stopped.");
    return ExitCode.OK;
  },
};
