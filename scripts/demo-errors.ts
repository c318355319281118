/**
 * What `pnpm demo` says when something goes wrong: one line saying what happened and one hint
 * saying what to do, never a stack trace. Read from the errors' types and fields, not their
 * message text.
 */
import { isApiError, isNetworkError, isTimeoutError } from "@d360-messaging/client";
import { isKeyFormatError } from "@d360-messaging/keys";

export interface Explained {
  message: string;
  hint: string;
  /** As d360's: 2 for the command line or its input, 3 for the API or network, 1 otherwise. */
  exitCode: 1 | 2 | 3;
}

/** A mistake in how the demo was called, already worded for the user. */
export class DemoUsageError extends Error {
  override name = "DemoUsageError";
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "the API";
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function explain(error: unknown): Explained {
  if (error instanceof DemoUsageError)
    return { message: error.message, hint: error.hint, exitCode: 2 };
  if (isKeyFormatError(error))
    return {
      message: error.found ?? error.message,
      hint:
        error.code === "PRIVATE_KEY"
          ? "Upload the public half: d360 key derive --private-key private.pem --out public.pem"
          : "Pass a 2048-bit RSA public key in PEM; d360 keygen makes a key pair.",
      exitCode: 2,
    };
  if (isApiError(error)) {
    const refused = error.status === 401;
    return {
      message: refused
        ? `360dialog refused the API key (HTTP 401 from ${origin(error.url)}).`
        : `360dialog answered HTTP ${error.status} to ${error.method} ${pathOf(error.url)}.`,
      hint: refused
        ? "Check D360_API_KEY: it is the API key of the number's channel in the 360dialog hub."
        : "Run the demo again in a minute; if it keeps failing, check D360_BASE_URL.",
      exitCode: 3,
    };
  }
  if (isTimeoutError(error))
    return {
      message: `${origin(error.url)} did not answer within ${error.timeout / 1000} s.`,
      hint: "Check your network and D360_BASE_URL, then run the demo again.",
      exitCode: 3,
    };
  if (isNetworkError(error))
    return {
      message: `Could not reach ${origin(error.url)}.`,
      hint: "Check your network connection and D360_BASE_URL (unset it to use the real API's address).",
      exitCode: 3,
    };
  const code = (error as { code?: unknown } | null)?.code;
  const path = (error as { path?: unknown } | null)?.path;
  if (code === "ENOENT" || code === "EISDIR" || code === "EACCES")
    return {
      message: `Cannot read the --upload file${typeof path === "string" ? ` '${path}'` : ""}: ${
        code === "ENOENT"
          ? "no such file"
          : code === "EISDIR"
            ? "it is a directory"
            : "permission denied"
      }.`,
      hint: "Pass the path of a public key file, e.g. keys/public.pem as written by d360 keygen.",
      exitCode: 2,
    };
  return {
    message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    hint: "This is a bug in the demo; please report it with the command you ran (leave out the API key).",
    exitCode: 1,
  };
}
