import { isApiError, isD360Error, isNetworkError, isTimeoutError } from "@d360-messaging/client";
import { isKeyFormatError } from "@d360-messaging/keys";
import { ExitCode } from "./exit-codes.js";

/** An error that `d360` reports as a message and an exit code, without a stack trace. */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: ExitCode;
  /** The one next step, printed under the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode: ExitCode; hint?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

/** The command line is wrong (unknown flag, missing argument). Exit code 2. */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, { exitCode: ExitCode.USAGE, ...options });
  }
}

/** The command line is fine, but what it points at is not (missing file, unset variable). Exit code 2. */
export class InputError extends CliError {
  override name = "InputError";
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { exitCode: ExitCode.USAGE, ...options });
  }
}

/** What `d360` says about an error, as text on stderr and under `error` in `--json` output. */
export interface ErrorReport {
  /** Stable for scripts: what kind of failure this was. */
  type: "usage" | "input" | "key_format" | "api" | "timeout" | "network" | "internal";
  /** What happened. */
  message: string;
  /** What to do about it, when there is one thing to do. */
  hint?: string;
  /** The exit code `d360` ends with. */
  exitCode: ExitCode;
  /** HTTP status, for `type: "api"`. */
  status?: number;
  /** `KeyFormatError.code` (e.g. `PRIVATE_KEY`), for `type: "key_format"`. */
  code?: string;
}

// What to do in d360's terms; the keys package's message already says what was found.
const keyFormatHints: Partial<Record<string, string>> = {
  PRIVATE_KEY: "Pass public.pem, the public half; d360 keygen writes both halves.",
  NOT_RSA: "WhatsApp needs an RSA key: d360 keygen creates a 2048-bit RSA key pair.",
  KEY_TOO_SMALL: "WhatsApp needs at least 2048 bits: d360 keygen creates a 2048-bit RSA key pair.",
  PASSPHRASE_REQUIRED:
    "Put the passphrase in an environment variable and name it: --passphrase-env D360_KEY_PASSPHRASE",
  BAD_PASSPHRASE:
    "Check the passphrase held by the environment variable named by --passphrase-env.",
};

function apiHint(status: number): string {
  if (status === 401)
    return "The API key was refused. Check --api-key or D360_API_KEY: it is the key of this number's channel in the 360dialog hub.";
  if (status === 403)
    return "This API key may not change this number's encryption settings; use the key of the number's own channel.";
  if (status === 404)
    return "The phone number behind this API key was not found; check that the key belongs to a live channel.";
  if (status === 429)
    return "360dialog is rate-limiting this key. Wait a minute, then run the command again.";
  if (status >= 500) return "360dialog had a server error. Run the command again in a few minutes.";
  return "The API refused the request as sent; the message above says why.";
}

/** The API's own explanation, when its error body has the vendor's `{ "error": "…" }` shape. */
function bodyReason(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "error" in body) {
    const reason = (body as { error: unknown }).error;
    if (typeof reason === "string" && reason.trim() !== "") return reason.trim();
  }
  return undefined;
}

/** Maps any thrown value to the message, hint and exit code `d360` reports for it. */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof UsageError)
    return withHint(
      { type: "usage", message: error.message, exitCode: error.exitCode },
      error.hint,
    );
  if (error instanceof CliError)
    return withHint(
      { type: "input", message: error.message, exitCode: error.exitCode },
      error.hint,
    );
  if (isKeyFormatError(error))
    return withHint(
      { type: "key_format", message: error.message, code: error.code, exitCode: ExitCode.USAGE },
      keyFormatHints[error.code],
    );
  if (isApiError(error)) {
    const reason = bodyReason(error.body);
    const message =
      reason !== undefined && !error.message.includes(reason)
        ? `${error.message}: ${reason}`
        : error.message;
    return {
      type: "api",
      message,
      status: error.status,
      hint: apiHint(error.status),
      exitCode: ExitCode.API,
    };
  }
  if (isTimeoutError(error))
    return {
      type: "timeout",
      message: error.message,
      hint: "The API did not answer in time. Run the command again; if it keeps happening, check --base-url.",
      exitCode: ExitCode.API,
    };
  if (isNetworkError(error))
    return {
      type: "network",
      message: error.message,
      hint: "Check your network connection and --base-url or D360_BASE_URL.",
      exitCode: ExitCode.API,
    };
  if (isD360Error(error)) return { type: "api", message: error.message, exitCode: ExitCode.API };
  const message = error instanceof Error ? error.message : String(error);
  return {
    type: "internal",
    message: `Unexpected error: ${message}`,
    hint: "This is a bug in d360. Please report it with the command you ran (leave out the API key).",
    exitCode: ExitCode.INTERNAL,
  };
}

function withHint(report: ErrorReport, hint: string | undefined): ErrorReport {
  return hint === undefined ? report : { ...report, hint };
}
