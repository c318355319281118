import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { OptionValues } from "../command.js";
import { stringValue } from "../config.js";
import { InputError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import type { OptionSpecs } from "../options.js";
import type { Output } from "../output.js";

// How `d360 webhook listen` and `send` get their secrets: from an environment variable or a file,
// never from a flag's value (it would stay in shell history and show in `ps`). Every value read is
// registered with the output first, so no message can print it.

/** The options both webhook commands take for the sender's credentials. */
export const webhookSecretOptions = {
  "secret-env": {
    type: "string",
    value: "VAR",
    description:
      "The 360dialog partner secret is in the environment variable VAR: webhooks are signed (send) or must be signed (listen) with it in x-360dialog-signature.",
  },
  "secret-file": {
    type: "string",
    value: "FILE",
    description: "Read the 360dialog partner secret from FILE instead (one line).",
  },
  "app-secret-env": {
    type: "string",
    value: "VAR",
    description:
      "The Meta app secret is in the environment variable VAR: X-Hub-Signature-256: sha256=<hex>.",
  },
  "app-secret-file": {
    type: "string",
    value: "FILE",
    description: "Read the Meta app secret from FILE instead (one line).",
  },
  header: {
    type: "string",
    value: "'NAME: env:VAR'",
    multiple: true,
    description:
      "A custom header (e.g. Authorization) set on the webhook configuration; repeat for several. Give its value as env:VAR or file:FILE; a value typed in is taken too, but it stays in shell history. Values are never printed.",
  },
} as const satisfies OptionSpecs;

/** `d360 webhook listen`'s answer to Meta's verification request (a GET with hub.verify_token). */
export const verifyTokenOptions = {
  "verify-token-env": {
    type: "string",
    value: "VAR",
    description:
      "The Verify Token of Meta's App Dashboard is in the environment variable VAR: Meta's verification GET (hub.verify_token) is answered with its hub.challenge.",
  },
  "verify-token-file": {
    type: "string",
    value: "FILE",
    description: "Read the Verify Token from FILE instead (one line).",
  },
} as const satisfies OptionSpecs;

/** The credentials read, for the webhooks package's handler or for signing. */
export interface WebhookSecrets {
  secret?: string;
  appSecret?: string;
  headers?: Record<string, string>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A conventional variable name is safe to echo; anything else may be a secret typed by mistake.
const SAFE_TO_ECHO = /^[A-Z_][A-Z0-9_]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function fromEnv(name: string, flag: string, io: Io, out: Output): string {
  if (!ENV_NAME.test(name))
    throw new UsageError(
      `${flag} takes the NAME of an environment variable, not the secret itself.`,
      {
        hint: `e.g. read -rs WEBHOOK_SECRET && export WEBHOOK_SECRET, then ${flag} WEBHOOK_SECRET`,
      },
    );
  const value = io.env[name];
  out.addSecret(value);
  if (value === undefined || value === "") {
    const shown = SAFE_TO_ECHO.test(name) ? `'${name}'` : `named by ${flag}`;
    throw new InputError(`The environment variable ${shown} is not set or is empty.`, {
      hint: `Export it first; ${flag} takes the variable's name.`,
    });
  }
  return value;
}

async function fromFile(path: string, flag: string, io: Io, out: Output): Promise<string> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new InputError(
      `Cannot read the file given to ${flag}${code === "ENOENT" ? ": it does not exist" : ""}.`,
      { hint: `Check the path (relative to ${io.cwd}).`, cause: error },
    );
  }
  // One line, as `echo secret > file` leaves it: the line break is not part of the secret.
  const value = text.replace(/\r?\n$/, "");
  out.addSecret(value);
  if (value === "" || /[\r\n]/.test(value))
    throw new InputError(`The file given to ${flag} must hold the secret on one line.`, {
      hint: 'Write only the secret into it, e.g. printf %s "$SECRET" > FILE',
    });
  return value;
}

async function oneSecret(
  values: OptionValues,
  kind: "secret" | "app-secret" | "verify-token",
  io: Io,
  out: Output,
): Promise<string | undefined> {
  const env = stringValue(values, `${kind}-env`);
  const file = stringValue(values, `${kind}-file`);
  if (env !== undefined && file !== undefined)
    throw new UsageError(`Give --${kind}-env or --${kind}-file, not both.`);
  if (env !== undefined) return fromEnv(env, `--${kind}-env`, io, out);
  if (file !== undefined) return fromFile(file, `--${kind}-file`, io, out);
  return undefined;
}

async function headers(
  values: OptionValues,
  io: Io,
  out: Output,
): Promise<Record<string, string> | undefined> {
  const raw = values.header;
  const given = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  if (given.length === 0) return undefined;
  const result: Record<string, string> = {};
  for (const header of given) {
    const colon = header.indexOf(":");
    const name = colon === -1 ? "" : header.slice(0, colon).trim();
    const spec = colon === -1 ? "" : header.slice(colon + 1).trim();
    // Registered before any check: an error about this header must not print its value.
    out.addSecret(spec);
    if (!HEADER_NAME.test(name) || spec === "")
      throw new UsageError(
        "--header takes 'NAME: VALUE', e.g. 'Authorization: env:WEBHOOK_TOKEN'.",
        {
          hint: "The name is an HTTP header name; the value env:VAR or file:FILE, or the value itself.",
        },
      );
    const value = spec.startsWith("env:")
      ? fromEnv(spec.slice(4), `--header ${name}`, io, out)
      : spec.startsWith("file:")
        ? await fromFile(spec.slice(5), `--header ${name}`, io, out)
        : spec;
    result[name] = value;
  }
  return result;
}

/** The Verify Token from --verify-token-env or --verify-token-file (registered as a secret). */
export function readVerifyToken(
  values: OptionValues,
  io: Io,
  out: Output,
): Promise<string | undefined> {
  return oneSecret(values, "verify-token", io, out);
}

/** The credentials from the secret and header options (each read once, registered as secrets). */
export async function readWebhookSecrets(
  values: OptionValues,
  io: Io,
  out: Output,
): Promise<WebhookSecrets> {
  const secret = await oneSecret(values, "secret", io, out);
  const appSecret = await oneSecret(values, "app-secret", io, out);
  const custom = await headers(values, io, out);
  return {
    ...(secret === undefined ? {} : { secret }),
    ...(appSecret === undefined ? {} : { appSecret }),
    ...(custom === undefined ? {} : { headers: custom }),
  };
}
