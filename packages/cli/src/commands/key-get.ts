import type { BusinessPublicKeyField as Field } from "@d360-messaging/client";
import { parsePublicKey } from "@d360-messaging/keys";
import type { CommandSpec } from "../command.js";
import { clientFrom } from "../config.js";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { nextCommand } from "../next-command.js";
import { paint } from "../output.js";
import { fetchUploadedKey } from "../uploaded-key.js";

// A record over the spec's field type, so a field the spec adds fails to compile until listed.
const FIELD_SET: Record<Field, true> = {
  business_public_key: true,
  business_public_key_signature_status: true,
};
const FIELDS = Object.keys(FIELD_SET) as Field[];

function parseFields(raw: string): Field[] {
  const fields = raw
    .split(",")
    .map((field) => field.trim())
    .filter((field) => field !== "");
  const unknown = fields.filter((field) => !Object.hasOwn(FIELD_SET, field));
  if (fields.length === 0 || unknown.length > 0)
    throw new UsageError(
      fields.length === 0
        ? "--fields is empty."
        : `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}.`,
      { hint: `--fields takes a comma-separated list of: ${FIELDS.join(", ")}` },
    );
  return fields as Field[];
}

export const keyGet: CommandSpec = {
  path: ["key", "get"],
  summary: "Show the uploaded business public key: fingerprint, signature status, PEM",
  description: `Fetches the business public key uploaded for the phone number behind the API key, and prints
its fingerprint, WhatsApp's signature status (VALID or MISMATCH) and the key itself.
Exits 1 when no key is uploaded.`,
  examples: [
    "D360_API_KEY=… d360 key get",
    "d360 key get --json | jq -r .publicKeyPem > uploaded.pem",
    "d360 key get --fields business_public_key_signature_status",
  ],
  options: {
    fields: {
      type: "string",
      value: "LIST",
      description: `Only ask for these fields (comma-separated): ${FIELDS.join(", ")}`,
    },
  },
  callsApi: true,
  positionals: { min: 0, max: 0, names: "" },
  async run({ values, io, out, json, onFinish }) {
    const fields = typeof values.fields === "string" ? parseFields(values.fields) : undefined;
    const client = clientFrom(values, io, out, onFinish);
    const key = await fetchUploadedKey(client, fields);
    if (json) {
      out.json(key);
      return key.uploaded ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
    if (!key.uploaded) {
      out.out("No business public key is uploaded for this number.");
      out.err(
        `Upload one:  ${nextCommand(values, ["key", "set", "PUBLIC_KEY.pem"], { callsApi: true })}   (PUBLIC_KEY.pem: the public half of your endpoint's private key; d360 keygen creates a new pair)`,
      );
      return ExitCode.CHECK_FAILED;
    }
    // The status and the PEM come from the server: out escapes them like every line.
    const status =
      key.status === null
        ? "(not requested)"
        : paint(key.status === "VALID" ? "green" : "red", key.status);
    const fingerprint =
      key.fingerprint ??
      (key.keyError === undefined ? "(not requested)" : `(unreadable: ${key.keyError})`);
    out.out(
      ["Fingerprint: ", paint("bold", fingerprint)],
      ["Status:      ", status],
      ...(key.modulusBits === null ? [] : [`Size:        ${key.modulusBits}-bit RSA`]),
    );
    if (key.publicKeyPem !== null) {
      out.out("");
      // Only a key that parses is printed as a PEM, with its line breaks: its canonical form,
      // without whatever text the server put around it. Anything else is one escaped line, so
      // the server cannot add lines of its own to the output.
      if (key.fingerprint !== null) out.block(parsePublicKey(key.publicKeyPem).pem);
      else out.out(key.publicKeyPem);
    }
    if (key.status === "MISMATCH")
      out.err(
        `The signature no longer matches (e.g. after the number was re-registered). Fix: upload the key again: ${nextCommand(values, ["key", "set", "PUBLIC_KEY.pem"], { callsApi: true })}`,
      );
    return ExitCode.OK;
  },
};
