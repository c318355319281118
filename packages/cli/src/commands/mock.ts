import { API_KEY_HEADER } from "@d360-messaging/keys/internal";
import {
  type InvalidApiKeyReason,
  isInvalidApiKeyError,
  type RateLimitOptions,
  type RateLimitResponse,
  type RecordedRequest,
  startMockServer,
} from "@d360-messaging/mock-server";
import type { CommandSpec, OptionValues } from "../command.js";
import { InputError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { shellWord } from "../next-command.js";
import { paint } from "../output.js";

/** `d360 mock --json` output: one line, printed once the server is listening. */
export interface MockStarted {
  /** Base URL to pass as --base-url or D360_BASE_URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The port it listens on (useful with --port 0). */
  port: number;
  /** The test API keys the mock accepts. */
  apiKeys: string[];
}

/** `--port N`: plain decimal digits, 0 to 65535. */
export function parsePort(raw: string | undefined): number | undefined {
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

/** A failure to listen on --port as the user's error (taken or not allowed); others as they are. */
export function listenFailure(error: unknown, port: number | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE")
    return new InputError(`Port ${port} is already in use.`, {
      hint: "Pick another --port, or leave it out for any free port.",
    });
  if (code === "EACCES")
    return new InputError(`Not allowed to listen on port ${port}.`, {
      hint: "Use a port above 1023.",
    });
  return error;
}

function startFailure(error: unknown, port: number | undefined): unknown {
  // The mock refuses a key no header can carry, an empty, padded or duplicate one, naming its
  // position only; its `index` counts the --api-key options.
  if (isInvalidApiKeyError(error))
    return new UsageError(`--api-key number ${error.index + 1}: ${INVALID_KEY[error.reason]}.`, {
      hint: "Give each test key once, in printable ASCII, without spaces around it.",
    });
  return listenFailure(error, port);
}

const RESPONSES: readonly RateLimitResponse[] = ["vendor", "legacy", "spec"];

/**
 * The longest --rate-limit window: setTimeout's limit (2^31 - 1 ms, about 24 days), so that the
 * window stays a delay any timer can wait for, however the mock uses it.
 */
const MAX_WINDOW_MS = 2 ** 31 - 1;

/** `--rate-limit 1/2s` (and `--rate-limit-response`) as the mock's rateLimit option. */
export function parseRateLimit(values: OptionValues): RateLimitOptions | undefined {
  const raw = values["rate-limit"];
  const style = values["rate-limit-response"];
  if (typeof raw !== "string") {
    if (style !== undefined)
      throw new UsageError("--rate-limit-response needs --rate-limit.", {
        hint: "e.g. d360 mock --rate-limit 1/2s --rate-limit-response legacy",
      });
    return undefined;
  }
  const match = /^(\d{1,6})\/(\d{1,7})(ms|s)?$/.exec(raw);
  const requests = Number(match?.[1]);
  const perMs = Number(match?.[2]) * (match?.[3] === "ms" ? 1 : 1000);
  if (match === null || requests < 1 || perMs < 1 || perMs > MAX_WINDOW_MS)
    throw new UsageError(`--rate-limit takes N/TIME, e.g. 1/2s or 5/500ms, not '${raw}'.`, {
      hint: "N requests (1 to 999999) per TIME (up to 2147483 s), in seconds (s, the default) or milliseconds (ms).",
    });
  if (style !== undefined && !RESPONSES.includes(style as RateLimitResponse))
    throw new UsageError(`--rate-limit-response takes ${RESPONSES.join(", ")}, not '${style}'.`, {
      hint: "vendor answers as the real 360dialog API does (HTTP 400).",
    });
  return { requests, perMs, response: (style as RateLimitResponse | undefined) ?? "vendor" };
}

function describeRateLimit({ requests, perMs, response }: RateLimitOptions): string {
  const window = perMs % 1000 === 0 ? `${perMs / 1000} s` : `${perMs} ms`;
  const answer =
    response === "spec"
      ? "429 with Retry-After (the spec's form)"
      : response === "legacy"
        ? '400 in the older {"meta": …} envelope'
        : "400 as the real API";
  return `${requests} request${requests === 1 ? "" : "s"} per ${window} per key; over it: ${answer}`;
}

/**
 * One request of the log: `12:00:01  GET /whatsapp_business_encryption  200  test-key`. The key
 * a request carried is never shown (the record holds it redacted); it is named by the test key
 * it matched, as printed at start, or as unknown. The path and method are the client's: out.err
 * escapes them.
 */
function logLine(record: RecordedRequest, keys: readonly string[]): string {
  const time = new Date().toISOString().slice(11, 19);
  const query = new URLSearchParams(record.query).toString();
  const target = `${record.path}${query === "" ? "" : `?${query}`}`;
  const status = record.status === undefined ? "dropped" : String(record.status);
  const key =
    record.channel === undefined
      ? record.headers[API_KEY_HEADER.toLowerCase()] === undefined
        ? "no API key"
        : "unknown API key"
      : (keys[record.channel] ?? `key ${record.channel + 1}`);
  return `${time}  ${record.method} ${target}  ${status}  ${key}${record.fault ? "  (fault)" : ""}`;
}

/** Resolves on the first of: io.signal aborted, or (without io.signal) SIGINT/SIGTERM. */
export function untilStopped(io: Io): Promise<void> {
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
With --json it prints { url, port, apiKeys } as one JSON line once listening.

Each request is logged on stderr as it is answered: time, method, path, status, and which test
key it used (never the key a request carried: an unknown one is shown as such).

Practise the failure paths: --mismatch makes every number report its key as MISMATCH (what
"d360 doctor" flags after a number is re-registered), and --rate-limit answers requests over
the limit as the real API does: HTTP 400 "You have exceeded the endpoint rate limit."`,
  examples: [
    "d360 mock --port 4010 --api-key test-key",
    "D360_BASE_URL=http://127.0.0.1:4010 D360_API_KEY=test-key d360 key get",
    "d360 mock --port 4010 --mismatch",
    "d360 mock --port 4010 --rate-limit 1/2s",
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
    mismatch: {
      type: "boolean",
      description:
        "Every number reports its uploaded key's signature status as MISMATCH, so that doctor's failure path can be practised.",
    },
    "rate-limit": {
      type: "string",
      value: "N/TIME",
      description:
        'Allow N requests per TIME per key (e.g. 1/2s, 5/500ms); the rest are answered as the real 360dialog API does: 400 with "You have exceeded the endpoint rate limit."',
    },
    "rate-limit-response": {
      type: "string",
      value: "STYLE",
      description:
        "How --rate-limit refuses: vendor (default, the real API's 400), legacy (400 in the older {\"meta\": …} envelope) or spec (the OpenAPI spec's 429 with Retry-After).",
    },
  },
  callsApi: false,
  positionals: { min: 0, max: 0, names: "" },
  async run({ values, io, out, json }) {
    const port = parsePort(typeof values.port === "string" ? values.port : undefined);
    // The test keys, as printed: a log line names the key a request used by these.
    const keysShown: string[] = [];
    const requested = Array.isArray(values["api-key"]) ? values["api-key"].map(String) : [];
    const rateLimit = parseRateLimit(values);
    const server = await startMockServer({
      port: port ?? 0,
      ...(requested.length > 0 ? { apiKeys: requested } : {}),
      ...(values.mismatch === true ? { signatureStatus: "MISMATCH" as const } : {}),
      ...(rateLimit === undefined ? {} : { rateLimit }),
      onRequest: (record) => out.err(logLine(record, keysShown)),
    }).catch((error: unknown) => {
      throw startFailure(error, port);
    });
    const started: MockStarted = {
      url: server.url,
      port: server.port,
      apiKeys: [...server.apiKeys],
    };
    keysShown.push(...started.apiKeys);
    if (json) out.out(JSON.stringify(started));
    else
      out.out(
        ["Mock 360dialog API listening on ", paint("bold", started.url)],
        `Test API keys: ${started.apiKeys.join(", ")}`,
        ...(values.mismatch === true
          ? ["Signature status: every uploaded key reports MISMATCH (--mismatch)"]
          : []),
        ...(rateLimit === undefined ? [] : [`Rate limit: ${describeRateLimit(rateLimit)}`]),
        "",
        `Try:  D360_BASE_URL=${shellWord(started.url)} D360_API_KEY=${shellWord(started.apiKeys[0] ?? "KEY")} d360 key get`,
        "Press Ctrl-C to stop.",
      );
    await untilStopped(io);
    await server.close();
    if (!json) out.err("Mock server stopped.");
    return ExitCode.OK;
  },
};
