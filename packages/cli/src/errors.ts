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

// What to do, in d360's terms (flags, commands), per KeyFormatError code; the keys package's
// `found` says what was found. Codes not listed keep the package's own advice, which is a shell
// command or "copy it again", never a function of the package.
const keyFormatHints: Partial<Record<string, string>> = {
  PRIVATE_KEY:
    "Upload the public half instead: d360 key derive --private-key private.pem --out public.pem, then d360 key set public.pem",
  NOT_RSA: "WhatsApp needs an RSA key: d360 keygen creates a 2048-bit RSA key pair.",
  KEY_TOO_SMALL: "WhatsApp needs at least 2048 bits: d360 keygen creates a 2048-bit RSA key pair.",
  PASSPHRASE_REQUIRED:
    "Put the passphrase in an environment variable and name it: --passphrase-env D360_KEY_PASSPHRASE",
  BAD_PASSPHRASE:
    "Check the passphrase held by the environment variable named by --passphrase-env.",
};

/** Advice for a refusal whose own advice names a function of the keys package. */
const KEYGEN_HINT = "d360 keygen creates a 2048-bit RSA key pair that WhatsApp accepts.";

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

/** The API's own explanation: the vendor's `{ "error": "…" }`, or a text body's first words. */
function bodyReason(body: unknown): string | undefined {
  let reason: unknown = body;
  if (typeof body === "object" && body !== null && "error" in body)
    reason = (body as { error: unknown }).error;
  if (typeof reason !== "string") return undefined;
  const flat = reason.replace(/\s+/g, " ").trim();
  if (flat === "") return undefined;
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** `GET /whatsapp_business_encryption on https://waba-v2.360dialog.io`, without any query. */
function describeRequest(method: string, url: string, attempts: number): string {
  let where = url;
  try {
    const parsed = new URL(url);
    where = `${parsed.pathname} on ${parsed.origin}`;
  } catch {
    // Not a URL: show it as the client gave it.
  }
  return `${method} ${where}${attempts > 1 ? ` (${attempts} attempts)` : ""}`;
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
      {
        type: "key_format",
        message: error.found ?? error.message,
        code: error.code,
        exitCode: ExitCode.USAGE,
      },
      keyFormatHints[error.code] ?? (error.found === undefined ? undefined : KEYGEN_HINT),
    );
  // The client's messages speak of its options (apiKey, timeout); d360 speaks of its flags, so
  // its text is built from the errors' fields.
  if (isApiError(error)) {
    const reason = bodyReason(error.body);
    const request = describeRequest(error.method, error.url, error.attempts);
    return {
      type: "api",
      message: `360dialog answered ${error.status}${error.statusText ? ` ${error.statusText}` : ""} to ${request}${reason === undefined ? "" : `: ${reason}`}`,
      status: error.status,
      hint: apiHint(error.status),
      exitCode: ExitCode.API,
    };
  }
  if (isTimeoutError(error))
    return {
      type: "timeout",
      message: `No answer within ${error.timeout / 1000} s: ${describeRequest(error.method, error.url, error.attempts)}.`,
      hint: "Run the command again; if it keeps happening, check --base-url and your network.",
      exitCode: ExitCode.API,
    };
  if (isNetworkError(error))
    return {
      type: "network",
      message: `Could not reach the API: ${describeRequest(error.method, error.url, error.attempts)}.`,
      hint: "Check your network connection and --base-url or D360_BASE_URL.",
      exitCode: ExitCode.API,
    };
  if (isD360Error(error))
    return {
      type: "api",
      message: "The API call failed.",
      hint: "Run the command again; if it keeps failing, report it with the command you ran (leave out the API key).",
      exitCode: ExitCode.API,
    };
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
