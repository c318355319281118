import {
  type ApiErrorKind,
  isApiError,
  isD360Error,
  isMediaError,
  isNetworkError,
  isTimeoutError,
} from "@d360-messaging/client";
import { isKeyFormatError } from "@d360-messaging/keys";
import { ExitCode } from "./exit-codes.js";
import { networkCause } from "./network.js";

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

/**
 * A key the keys package refused, with d360's advice for this very input (worked out by asking
 * the keys package what else it would do with it). Reported as `key_format`, like the refusal.
 */
export class KeyRefusedError extends CliError {
  override name = "KeyRefusedError";
  /** The `KeyFormatError.code` of the refusal. */
  readonly code: string;
  constructor(
    refusal: { code: string; found?: string | undefined; message: string },
    hint: string,
  ) {
    super(refusal.found ?? refusal.message, { exitCode: ExitCode.USAGE, hint, cause: refusal });
    this.code = refusal.code;
  }
}

/** What `d360` says about an error, as text on stderr and under `error` in `--json` output. */
export interface ErrorReport {
  /** Stable for scripts: what kind of failure this was. */
  type: "usage" | "input" | "key_format" | "media" | "api" | "timeout" | "network" | "internal";
  /** What happened. */
  message: string;
  /** What to do about it, when there is one thing to do. */
  hint?: string;
  /** The exit code `d360` ends with. */
  exitCode: ExitCode;
  /** HTTP status, for `type: "api"`. */
  status?: number;
  /**
   * `KeyFormatError.code` (e.g. `PRIVATE_KEY`) for `type: "key_format"`; the client's network
   * failure code (`connection_refused`, `dns`, `connection_reset`, `unreachable`, `tls`, `proxy`,
   * `timeout`, `body_truncated`, `other`) for `type: "network"`; `MediaError.code`
   * (`unsupported_type`, `too_large`) for `type: "media"`.
   */
  code?: string;
}

// What to do, in d360's terms (flags, commands), per KeyFormatError code; the keys package's
// `found` says what was found. Codes not listed keep the package's own advice, which is a shell
// command or "copy it again", never a function of the package.
const keyFormatHints: Partial<Record<string, string>> = {
  PRIVATE_KEY: "Upload its public half instead: d360 key derive prints it from the private key.",
  NOT_RSA: "WhatsApp needs an RSA key: d360 keygen creates a 2048-bit RSA key pair.",
  KEY_TOO_SMALL: "WhatsApp needs at least 2048 bits: d360 keygen creates a 2048-bit RSA key pair.",
  PASSPHRASE_REQUIRED:
    "Put the passphrase in an environment variable and name it: --passphrase-env D360_KEY_PASSPHRASE",
  BAD_PASSPHRASE:
    "Check the passphrase held by the environment variable named by --passphrase-env.",
};

/** Advice for a refusal whose own advice names a function of the keys package. */
const KEYGEN_HINT = "d360 keygen creates a 2048-bit RSA key pair that WhatsApp accepts.";

/** What to do about an API error, in d360's terms, per the client's vendor table `kind`. */
const API_HINTS: Record<ApiErrorKind, string> = {
  unauthorized:
    "The API key was refused. Check --api-key or D360_API_KEY: it is the key of this number's channel in the 360dialog hub.",
  rate_limit:
    "360dialog is rate-limiting this key (d360 already waited and retried). Wait a minute, then run the command again.",
  account_disabled:
    "API access for this number is disabled: contact 360dialog support or your integration partner.",
  payment: "360dialog reports unpaid invoices: contact your integration partner.",
  policy: "Meta restricted this account for a policy violation: contact 360dialog support.",
  blocked:
    "The endpoint is blocked for this key, or Meta blocked the account (a wrong key would be 401): contact 360dialog support.",
  not_found:
    "Nothing answers at that path: check --base-url or D360_BASE_URL (it is the API's base, e.g. https://waba-v2.360dialog.io).",
  restarting: "360dialog is restarting. Run the command again in a minute.",
  unavailable:
    "360dialog (or a proxy in front of it) is unavailable. Run the command again in a few minutes.",
  server: "360dialog had a server error. Run the command again in a few minutes.",
  client: "The API refused the request as sent; the message above says why.",
  redirect:
    "The API never redirects, so d360 did not follow it (the API key would have gone along): check --base-url or D360_BASE_URL.",
  too_large:
    "The answer was far larger than any real one: check that --base-url or D360_BASE_URL points at the 360dialog API.",
  unexpected_body:
    "The answer was not what the API sends: check that --base-url or D360_BASE_URL points at the 360dialog API.",
};

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

function pathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "the API";
  }
}

/** What reportError may say besides the error. */
export interface ReportContext {
  /** The proxy requests to `url` went through (shown without credentials), if any. */
  proxyFor?: (url: string) => { variable: string; shown: string } | undefined;
}

// Through a proxy, every connection d360 opens is to the proxy: it asks for a CONNECT tunnel and
// the proxy connects onward, answering an error status when it cannot (the `proxy` code). So a
// refused connection, an unknown name or no route is the proxy's, not the API's.
const PROXY_OWN: ReadonlySet<string> = new Set(["connection_refused", "dns", "unreachable"]);

/** Maps any thrown value to the message, hint and exit code `d360` reports for it. */
export function reportError(error: unknown, context: ReportContext = {}): ErrorReport {
  if (error instanceof UsageError)
    return withHint(
      { type: "usage", message: error.message, exitCode: error.exitCode },
      error.hint,
    );
  if (error instanceof KeyRefusedError)
    return withHint(
      { type: "key_format", message: error.message, code: error.code, exitCode: error.exitCode },
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
    const request = describeRequest(error.method, error.url, error.attempts);
    // `detail` is the vendor's own text, whatever the envelope; `code` Meta's number.
    const detail = error.detail === undefined ? "" : `: ${error.detail}`;
    const code = error.code === undefined ? "" : ` (Meta code ${error.code})`;
    return {
      type: "api",
      message: `360dialog answered ${error.status}${error.statusText ? ` ${error.statusText}` : ""} to ${request}${detail}${code}`,
      status: error.status,
      hint: API_HINTS[error.kind] ?? API_HINTS.client,
      exitCode: ExitCode.API,
    };
  }
  if (isTimeoutError(error)) {
    const proxy = context.proxyFor?.(error.url);
    return {
      type: "timeout",
      message: `No answer within ${error.timeout / 1000} s${error.kind === "total" ? " in all" : ""}: ${describeRequest(error.method, error.url, error.attempts)}.`,
      hint: `Run the command again; on a slow network or proxy raise --timeout SECONDS. If it keeps happening, check --base-url or D360_BASE_URL.${proxy === undefined ? "" : ` Requests go through the proxy ${proxy.shown} (${proxy.variable}).`}`,
      exitCode: ExitCode.API,
    };
  }
  if (isNetworkError(error)) {
    const proxy = context.proxyFor?.(error.url);
    const cause = networkCause(error.code, proxy?.shown);
    const attempts = `${error.method} ${pathname(error.url)}, ${error.attempts} attempt${error.attempts === 1 ? "" : "s"}`;
    if (proxy !== undefined && PROXY_OWN.has(error.code))
      return {
        type: "network",
        message: `Could not reach the proxy ${proxy.shown} (from ${proxy.variable}) on the way to ${origin(error.url)}: ${cause.short} (${attempts}).`,
        hint: `Check ${proxy.variable}: is a proxy running at that host and port? To connect directly instead, unset it or list the API's host in NO_PROXY.`,
        code: error.code,
        exitCode: ExitCode.API,
      };
    return {
      type: "network",
      message: `Could not reach ${origin(error.url)}: ${cause.what} (${attempts}).`,
      hint: cause.hint,
      code: error.code,
      exitCode: ExitCode.API,
    };
  }
  // A file WhatsApp would refuse (upload, before sending) or larger than --max-bytes (download):
  // the client's message names the limit, and speaks of no option of its own.
  if (isMediaError(error))
    return {
      type: "media",
      message: error.message.replace(/maxBytes/g, "--max-bytes"),
      code: error.code,
      hint:
        error.code === "unsupported_type"
          ? "Convert the file to a type WhatsApp takes, or pass the right one with --type."
          : "Send a smaller file (or a link to it), or raise --max-bytes for a download.",
      exitCode: ExitCode.USAGE,
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
