import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createWebhookHandler,
  type WebhookEvent,
  type WebhookFailure,
} from "@d360-messaging/webhooks";
import { toNodeListener } from "@d360-messaging/webhooks/node";
import type { CommandSpec } from "../command.js";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { paint } from "../output.js";
import { listenFailure, parsePort, untilStopped } from "./mock.js";
import {
  readVerifyToken,
  readWebhookSecrets,
  verifyTokenOptions,
  webhookSecretOptions,
} from "./webhook-secrets.js";

/** `d360 webhook listen --json`: the first line, once listening; then one line per event. */
export interface WebhookListening {
  /** The URL to send webhooks to, e.g. `http://127.0.0.1:3000/`. */
  url: string;
  /** The port it listens on. */
  port: number;
}

/** One event as a line: kind, id, status or type, and who it is from or to. */
function eventLine(event: WebhookEvent): string {
  switch (event.kind) {
    case "message": {
      const text =
        event.type === "text" && typeof event.message.text.body === "string"
          ? `  ${JSON.stringify(event.message.text.body)}`
          : "";
      return `message  ${event.message.id}  ${event.type}  from ${event.message.from}${text}`;
    }
    case "status": {
      const error = event.statusUpdate.errors?.[0]?.code;
      return `status  ${event.statusUpdate.id}  ${event.status}  to ${event.statusUpdate.recipient_id}${error === undefined ? "" : `  error ${error}`}`;
    }
    case "group": {
      const group = event.group as { group_id?: unknown; request_id?: unknown };
      return `group  ${String(group.request_id ?? "-")}  ${event.type}  group ${String(group.group_id ?? "-")}`;
    }
    case "error":
      return `error  -  ${event.error.code}  ${event.error.message}`;
    default:
      return `unknown  -  ${event.list ?? event.field}`;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export const webhookListen: CommandSpec = {
  path: ["webhook", "listen"],
  summary: "Receive webhooks locally and print each verified event",
  description: `Runs a webhook receiver (from @d360-messaging/webhooks) on 127.0.0.1 until Ctrl-C
(SIGINT) or SIGTERM, and prints one line per verified event: kind, id, status or type, and who
it is from or to. With --json it prints { url, port } once listening, then one JSON line per
event: { kind, key, value } with the change's raw value.

Every request must prove its sender: give the secret of at least one check. --secret-env for
360dialog's x-360dialog-signature, --app-secret-env for Meta's X-Hub-Signature-256, --header for
a custom header set on the webhook configuration. A request that fails a check is answered 401
and reported on stderr; none of it reaches the event lines. Redeliveries of an event already
printed are answered 200 and not printed again.

For webhooks Meta sends directly, --verify-token-env answers Meta's verification GET (sent when
the callback URL is saved in the App Dashboard) with its challenge; it is not a check of events.

Point a sender at the printed URL: "d360 webhook send", the webhooks option of
@d360-messaging/mock-server, or a tunnel to 360dialog.`,
  examples: [
    "d360 webhook listen --port 3000 --secret-env WEBHOOK_SECRET",
    "d360 webhook listen --app-secret-env META_APP_SECRET --json",
    "d360 webhook listen --app-secret-env META_APP_SECRET --verify-token-env META_VERIFY_TOKEN",
    "d360 webhook listen --header 'Authorization: env:WEBHOOK_TOKEN'",
  ],
  options: {
    port: {
      type: "string",
      value: "N",
      description: "Port to listen on. Default: 0, any free port.",
    },
    ...webhookSecretOptions,
    ...verifyTokenOptions,
  },
  callsApi: false,
  positionals: { min: 0, max: 0, names: "" },
  async run({ values, io, out, json }) {
    const port = parsePort(typeof values.port === "string" ? values.port : undefined);
    const secrets = await readWebhookSecrets(values, io, out);
    if (Object.keys(secrets).length === 0)
      throw new UsageError("d360 webhook listen needs a way to check who sent a webhook.", {
        hint: "Give --secret-env VAR (360dialog), --app-secret-env VAR (Meta) or --header 'NAME: env:VAR'.",
      });
    const verifyToken = await readVerifyToken(values, io, out);
    const handler = createWebhookHandler({
      ...secrets,
      ...(verifyToken === undefined ? {} : { verifyToken }),
      onEvent: (event) => {
        if (json) out.jsonLine({ kind: event.kind, key: event.key, value: event.value });
        else out.out(eventLine(event));
      },
      // Refusals on stderr: the code and status, never the body or a secret (the package's
      // messages carry neither).
      onError: (failure: WebhookFailure) =>
        out.err(`refused: ${failure.status ?? "-"} ${failure.code}: ${failure.message}`),
    });
    const server = createServer(toNodeListener(handler));
    await listen(server, port ?? 0).catch((error: unknown) => {
      throw listenFailure(error, port);
    });
    const bound = (server.address() as AddressInfo).port;
    const listening: WebhookListening = { url: `http://127.0.0.1:${bound}/`, port: bound };
    if (json) out.jsonLine(listening);
    else
      out.out(
        ["Listening for webhooks on ", paint("bold", listening.url)],
        `Checking: ${[
          secrets.secret === undefined ? undefined : "x-360dialog-signature",
          secrets.appSecret === undefined ? undefined : "X-Hub-Signature-256",
          ...Object.keys(secrets.headers ?? {}),
        ]
          .filter((check) => check !== undefined)
          .join(", ")}`,
        ...(verifyToken === undefined
          ? []
          : ["Answering Meta's verification GET (hub.verify_token)"]),
        "Press Ctrl-C to stop.",
      );
    await untilStopped(io);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    if (!json) out.err("Stopped listening.");
    return ExitCode.OK;
  },
};
