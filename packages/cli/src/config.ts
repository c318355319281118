import { createD360Client, type D360Client, type D360ClientOptions } from "@d360-messaging/client";
import type { OptionValues } from "./command.js";
import { InputError, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import type { OptionSpec } from "./options.js";
import type { Output } from "./output.js";
import { proxyAgent, retryProgress, verboseFetch } from "./transport.js";

/** `--private-key FILE`, as doctor and key derive take it. */
export function privateKeyOption(what: string): OptionSpec {
  return {
    type: "string",
    value: "FILE",
    description: `${what}: PEM (PKCS#8 or PKCS#1, encrypted or not) or DER; also a PEM inside a JSON string or an env file line.`,
  };
}

/** `--passphrase-env VAR`, as keygen, doctor and key derive take it. */
export function passphraseEnvOption(what: string): OptionSpec {
  return {
    type: "string",
    value: "VAR",
    description: `${what} Never pass a passphrase as a flag: it would stay in shell history and show in "ps".`,
  };
}

/** The string value of option `name`, or undefined when absent (or a boolean). */
export function stringValue(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** The API key from `--api-key` or `D360_API_KEY`; the flag wins. Registered as a secret first. */
function resolveApiKey(values: OptionValues, io: Io, out: Output): string {
  const apiKey = stringValue(values, "api-key") ?? io.env.D360_API_KEY;
  out.addSecret(apiKey);
  if (apiKey === undefined || apiKey === "")
    throw new UsageError("No API key: this command calls the 360dialog API.", {
      hint: "Set D360_API_KEY (preferred: a flag value stays in your shell history) or pass --api-key KEY.",
    });
  return apiKey;
}

/**
 * The client's default base URL (its `baseUrl` option's `@default`), needed here to choose the
 * proxy before the client exists.
 */
const DEFAULT_BASE_URL = "https://waba-v2.360dialog.io";

/** Retries after a failed attempt, so "attempt 2 of 3" can be said: the client's default. */
const RETRIES = 2;

/** Most seconds `--timeout` takes: past ten minutes an operator is better served by an error. */
const MAX_TIMEOUT_SECONDS = 600;

/**
 * `--timeout SECONDS` as the client's `timeout` in milliseconds: plain decimal digits only (no
 * `1e3`, `0x10`, `Infinity`), at least one millisecond once rounded (the client takes whole
 * milliseconds from 1; `0.0001` would round to 0) and at most MAX_TIMEOUT_SECONDS, far below
 * setTimeout's 2^31 - 1 ms, past which a timer fires at once.
 */
export function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const milliseconds = Math.round(Number(raw) * 1000);
  if (
    !/^\d+(\.\d+)?$/.test(raw) ||
    !Number.isSafeInteger(milliseconds) ||
    milliseconds < 1 ||
    milliseconds > MAX_TIMEOUT_SECONDS * 1000
  )
    throw new UsageError(
      `--timeout takes a number of seconds from 0.001 up to ${MAX_TIMEOUT_SECONDS}, not '${raw}'.`,
      { hint: "e.g. --timeout 30 on a slow network (the default is 10)." },
    );
  return milliseconds;
}

/** Whether the client takes this API key, asked of the client itself rather than re-implemented. */
function clientAcceptsApiKey(apiKey: string): boolean {
  try {
    createD360Client({ apiKey });
    return true;
  } catch {
    return false;
  }
}

/**
 * A client for the commands that talk to the API, from the global flags and environment. The
 * client checks the API key and base URL itself; a refusal is reported here in the CLI's terms,
 * found out by asking the client about the key alone, never by reading its message.
 */
export function clientFrom(
  values: OptionValues,
  io: Io,
  out: Output,
  onFinish: (cleanup: () => Promise<unknown>) => void,
): D360Client {
  const apiKey = resolveApiKey(values, io, out);
  const baseUrl = stringValue(values, "base-url") ?? (io.env.D360_BASE_URL || undefined);
  const timeout = parseTimeout(stringValue(values, "timeout"));
  const dispatcher = proxyAgent(io.env, baseUrl ?? DEFAULT_BASE_URL);
  // Destroyed when the command ends: undici's ProxyAgent keeps asking again, without end, a proxy
  // that closes the connection instead of answering CONNECT, even after the request gave up, and
  // that would keep d360 from exiting.
  if (dispatcher !== undefined) onFinish(() => dispatcher.destroy());
  const options: D360ClientOptions = {
    apiKey,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(timeout === undefined ? {} : { timeout }),
    retry: RETRIES,
    hooks: { beforeRetry: [retryProgress(io, out, RETRIES + 1)] },
    ...(values.verbose === true ? { fetch: verboseFetch(out) } : {}),
    ...(dispatcher === undefined ? {} : { requestInitExt: { dispatcher } }),
  };
  try {
    return createD360Client(options);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    if (!clientAcceptsApiKey(apiKey))
      throw new UsageError(
        "The API key cannot be sent: it has spaces around it, a line break, or characters an HTTP header cannot carry.",
        {
          hint: "Check --api-key or D360_API_KEY: copy the key of the number's channel from the 360dialog hub again.",
        },
      );
    // A URL with '@' may hold a password, one with a query or fragment a token (?key=…): such a
    // value is not echoed.
    const shown = baseUrl === undefined || /[@?#]/.test(baseUrl) ? "" : ` (got '${baseUrl}')`;
    throw new UsageError(
      `The base URL must be an absolute http(s) URL without credentials, query or fragment${shown}.`,
      {
        hint: "Pass it to --base-url or D360_BASE_URL, e.g. https://waba-v2.360dialog.io",
      },
    );
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Conventional environment variable names; anything else may be a passphrase typed in by mistake,
// so it is never echoed back.
const SAFE_TO_ECHO = /^[A-Z_][A-Z0-9_]*$/;

/**
 * The passphrase from the environment variable named by `--passphrase-env`, or undefined without
 * the flag. Passphrases are taken only this way: a flag value would stay in shell history and be
 * visible to other users in `ps`.
 */
export function readPassphrase(values: OptionValues, io: Io, out: Output): string | undefined {
  const name = stringValue(values, "passphrase-env");
  if (name === undefined) return undefined;
  if (!ENV_NAME.test(name)) {
    throw new UsageError(
      "--passphrase-env takes the NAME of an environment variable that holds the passphrase, not the passphrase itself.",
      {
        hint: "e.g. read -rs D360_KEY_PASSPHRASE && export D360_KEY_PASSPHRASE, then --passphrase-env D360_KEY_PASSPHRASE",
      },
    );
  }
  const passphrase = io.env[name];
  out.addSecret(passphrase);
  const shown = SAFE_TO_ECHO.test(name) ? `'${name}'` : "named by --passphrase-env";
  if (passphrase === undefined || passphrase === "") {
    throw new InputError(
      `The environment variable ${shown} is not set or is empty; it should hold the passphrase.`,
      {
        hint: "--passphrase-env takes the NAME of an environment variable (e.g. D360_KEY_PASSPHRASE), not the passphrase itself; export the variable first.",
      },
    );
  }
  return passphrase;
}
