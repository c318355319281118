import { parsePublicKey, publicKeyFingerprint } from "@d360-messaging/keys";
import type { CommandSpec } from "../command.js";
import { clientFrom } from "../config.js";
import { ExitCode } from "../exit-codes.js";
import { readInput } from "../files.js";

/** `d360 key set --json` output. */
export interface KeySetResult {
  uploaded: true;
  /** `SHA256:…` of the uploaded key. */
  fingerprint: string;
  modulusBits: number;
}

export const keySet: CommandSpec = {
  path: ["key", "set"],
  summary: "Validate a public key and upload it as the number's business public key",
  usage: "d360 key set <public.pem | -> [--json]",
  help: `Reads an RSA public key (PEM) from a file, or from stdin with "-", checks it, and uploads it as
the business public key of the phone number behind the API key, replacing any previous one.
A private key, a certificate, a non-RSA (e.g. EC) key or a key under 2048 bits is refused with
exit code 2, and nothing is sent.

Run it again after re-registering the number: WhatsApp then reports the old key as MISMATCH.

Options:
  --json          Print the result as JSON.
  --api-key KEY   API key of the number's channel (or set D360_API_KEY).
  --base-url URL  API base URL (or set D360_BASE_URL).

Examples:
  d360 key set keys/public.pem
  cat keys/public.pem | d360 key set -`,
  options: {},
  positionals: { min: 1, max: 1, names: "<public.pem | ->" },
  async run({ values, positionals, io, out, json }) {
    const source = positionals[0] as string;
    const input = await readInput(source, io, "public key");
    // Validated here, before the API key is even looked at, so a wrong file is reported as such; the
    // client validates again before sending.
    const key = parsePublicKey(input);
    const fingerprint = await publicKeyFingerprint(key);
    const client = clientFrom(values, io, out);
    await client.encryption.setBusinessPublicKey(key.pem);
    const result: KeySetResult = { uploaded: true, fingerprint, modulusBits: key.modulusBits };
    if (json) {
      out.json(result);
      return ExitCode.OK;
    }
    out.out(
      `Uploaded the business public key ${out.paint("bold", fingerprint)} (${key.modulusBits}-bit RSA).`,
      "",
      "Check it against your private key:  d360 doctor --private-key private.pem",
    );
    return ExitCode.OK;
  },
};
