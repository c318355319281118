import { dirname, join } from "node:path";
import { parsePublicKey, publicKeyFingerprint } from "@d360-messaging/keys";
import type { CommandSpec } from "../command.js";
import { clientFrom } from "../config.js";
import { ExitCode } from "../exit-codes.js";
import { readInput } from "../files.js";
import { paint } from "../output.js";

/** `d360 key set --json` output. */
export interface KeySetResult {
  /** Always `true`: a failed upload exits non-zero with an `error` document instead. */
  uploaded: true;
  /** `SHA256:…` of the uploaded key. */
  fingerprint: string;
  /** RSA modulus size of the uploaded key. */
  modulusBits: number;
}

export const keySet: CommandSpec = {
  path: ["key", "set"],
  summary: "Validate a public key and upload it as the number's business public key",
  description: `Reads an RSA public key (PEM) from a file, or from stdin with "-", checks it, and uploads it as
the business public key of the phone number behind the API key, replacing any previous one.
A private key, a certificate, a non-RSA (e.g. EC) key or a key under 2048 bits is refused with
exit code 2, and nothing is sent.

The file may also hold the PEM inside a JSON string or an env file line (FLOWS_PUBLIC_KEY="…").
Run it again after re-registering the number: WhatsApp then reports the old key as MISMATCH.`,
  examples: ["d360 key set keys/public.pem", "cat keys/public.pem | d360 key set -"],
  options: {},
  callsApi: true,
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
      [
        "Uploaded the business public key ",
        paint("bold", fingerprint),
        ` (${key.modulusBits}-bit RSA).`,
      ],
      "",
      // keygen writes both halves into one directory, so the private key is most likely beside it.
      `Check it against your private key:  d360 doctor --private-key ${source === "-" ? "private.pem" : join(dirname(source), "private.pem")}`,
    );
    return ExitCode.OK;
  },
};
