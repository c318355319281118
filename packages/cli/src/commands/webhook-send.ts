import { createHmac } from "node:crypto";
import type { CommandSpec } from "../command.js";
import { CliError, UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { WEBHOOK_EXAMPLES } from "../generated/webhook-examples.js";
import { nearest } from "../suggest.js";
import { readWebhookSecrets, webhookSecretOptions } from "./webhook-secrets.js";

/** `d360 webhook send --json`: what was sent and how the receiver answered. */
export interface WebhookSent {
  /** The example's name. */
  example: string;
  /** Where it was sent. */
  url: string;
  /** The receiver's HTTP status. */
  status: number;
  /** Whether the status was 2xx. */
  ok: boolean;
  /** The signature headers sent (names only). */
  signed: string[];
}

/** How long the receiver has to answer: 360dialog expects an answer at once. */
const TIMEOUT_MS = 10_000;

function targetUrl(raw: unknown): URL {
  if (typeof raw !== "string")
    throw new UsageError("d360 webhook send needs --url, the receiver's URL.", {
      hint: "e.g. --url http://127.0.0.1:3000/webhooks (d360 webhook listen prints one).",
    });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError("--url must be an absolute http(s) URL.", {
      hint: "e.g. --url http://127.0.0.1:3000/webhooks",
    });
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password)
    throw new UsageError("--url must be an http(s) URL without a user name or password.", {
      hint: "Send credentials as a header: --header 'Authorization: env:WEBHOOK_TOKEN'.",
    });
  return url;
}

function hmacHex(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

export const webhookSend: CommandSpec = {
  path: ["webhook", "send"],
  summary: "Send one of Meta's example webhooks to a receiver, signed",
  description: `Sends one of the example payloads of Meta's Cloud API document (bundled with d360;
list them with --list) to --url as a POST, signed as the senders sign: x-360dialog-signature
(hex HMAC-SHA256 of the body) with --secret-env, X-Hub-Signature-256 (sha256=<hex>) with
--app-secret-env, and any --header. Prints the receiver's status.

Exit code 0 for a 2xx answer, 1 for any other answer (the receiver refused it), 3 when the
receiver could not be reached or did not answer within 10 seconds.`,
  examples: [
    "d360 webhook send --list",
    "d360 webhook send text-message --url http://127.0.0.1:3000/ --secret-env WEBHOOK_SECRET",
    "d360 webhook send image-message --url http://127.0.0.1:3000/ --app-secret-env META_APP_SECRET",
  ],
  options: {
    url: { type: "string", value: "URL", description: "Where to send the webhook." },
    list: { type: "boolean", description: "List the example names instead of sending." },
    ...webhookSecretOptions,
  },
  callsApi: false,
  positionals: { min: 0, max: 1, names: "<example>" },
  async run({ values, positionals, io, out, json }) {
    if (values.list === true) {
      if (json) out.json(WEBHOOK_EXAMPLES.map(({ name, title }) => ({ name, title })));
      else out.out(...WEBHOOK_EXAMPLES.map(({ name, title }) => `${name.padEnd(44)} ${title}`));
      return ExitCode.OK;
    }
    const names = WEBHOOK_EXAMPLES.map((example) => example.name);
    const name = positionals[0];
    if (name === undefined)
      throw new UsageError("d360 webhook send needs the name of an example.", {
        hint: `Run "d360 webhook send --list"; e.g. d360 webhook send text-message --url URL`,
      });
    const example = WEBHOOK_EXAMPLES.find((candidate) => candidate.name === name);
    if (example === undefined) {
      const near = nearest(name, names);
      throw new UsageError(`There is no example named '${name}'.`, {
        hint: `${near.length > 0 ? `Did you mean ${near.join(" or ")}? ` : ""}Run "d360 webhook send --list".`,
      });
    }
    const url = targetUrl(values.url);
    const secrets = await readWebhookSecrets(values, io, out);
    // The exact bytes signed are the bytes sent.
    const body = JSON.stringify(example.payload);
    const signatures: Record<string, string> = {};
    if (secrets.secret !== undefined)
      signatures["x-360dialog-signature"] = hmacHex(secrets.secret, body);
    if (secrets.appSecret !== undefined)
      signatures["x-hub-signature-256"] = `sha256=${hmacHex(secrets.appSecret, body)}`;
    let status: number;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { ...secrets.headers, ...signatures, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      const timedOut = (error as { name?: unknown } | null)?.name === "TimeoutError";
      throw new CliError(
        timedOut
          ? `${url.origin} did not answer within ${TIMEOUT_MS / 1000} seconds.`
          : `Could not reach ${url.origin}.`,
        {
          exitCode: ExitCode.API,
          hint: "Is the receiver running? d360 webhook listen prints the URL to use.",
          cause: error,
        },
      );
    }
    const ok = status >= 200 && status < 300;
    const sent: WebhookSent = {
      example: example.name,
      url: url.href,
      status,
      ok,
      signed: Object.keys(signatures),
    };
    if (json) out.json(sent);
    else
      out.out(
        `Sent ${example.name} to ${url.href}: HTTP ${status}${ok ? "" : " (refused)"}${
          sent.signed.length === 0 ? " (unsigned)" : ""
        }`,
      );
    return ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
  },
};
