import { resolve } from "node:path";
import { derivePublicKey, publicKeyFingerprint } from "@d360-messaging/keys";
import type { CommandSpec } from "../command.js";
import { passphraseEnvOption, privateKeyOption, readPassphrase } from "../config.js";
import { ExitCode } from "../exit-codes.js";
import { readInput, writeFilesAtomically } from "../files.js";
import { nextCommand } from "../next-command.js";
import { paint } from "../output.js";

/** `d360 key derive --json` output. */
export interface KeyDeriveResult {
  /** The public half as SPKI PEM, what `d360 key set` uploads. */
  publicKeyPem: string;
  /** `SHA256:…` of the public key, as `key get`, `key set` and `doctor` print it. */
  fingerprint: string;
  /** RSA modulus size. */
  modulusBits: number;
  /** Where it was written with --out, as given; `null` without --out. */
  out: string | null;
}

export const keyDerive: CommandSpec = {
  path: ["key", "derive"],
  summary: "Derive the public key (and its fingerprint) from a private key",
  description: `Reads a private key, checks it, and prints its public half as PEM on stdout and the
fingerprint on stderr, so that the output can be redirected into a file. For when public.pem is
lost, or to see which key an endpoint holds. Nothing is sent anywhere.`,
  examples: [
    "d360 key derive --private-key keys/private.pem --out keys/public.pem",
    "d360 key derive --private-key keys/private.pem | d360 key set -",
    "d360 key derive --private-key keys/private.pem --passphrase-env D360_KEY_PASSPHRASE --json",
  ],
  options: {
    "private-key": privateKeyOption("The private key"),
    "passphrase-env": passphraseEnvOption(
      "The private key's passphrase is in environment variable VAR.",
    ),
    out: {
      type: "string",
      value: "FILE",
      description:
        "Write the public key to FILE (mode 0644) instead of stdout; refuses to replace an existing file without --force.",
    },
    force: { type: "boolean", description: "Replace FILE if it exists." },
  },
  callsApi: false,
  positionals: { min: 0, max: 0, names: "" },
  requiredOptions: ["private-key"],
  async run({ values, io, out, json }) {
    const passphrase = readPassphrase(values, io, out);
    const input = await readInput(values["private-key"] as string, io, "private key");
    const key = await derivePublicKey(input, passphrase === undefined ? {} : { passphrase });
    const fingerprint = await publicKeyFingerprint(key);
    const target = typeof values.out === "string" ? values.out : null;
    if (target !== null)
      await writeFilesAtomically(
        [{ path: resolve(io.cwd, target), label: target, content: key.pem, mode: 0o644 }],
        { force: values.force === true },
      );
    const result: KeyDeriveResult = {
      publicKeyPem: key.pem,
      fingerprint,
      modulusBits: key.modulusBits,
      out: target,
    };
    if (json) out.json(result);
    else if (target === null) {
      out.block(key.pem);
      out.err(`Fingerprint: ${fingerprint} (${key.modulusBits}-bit RSA)`);
    } else
      out.out(
        `Wrote ${target} (${key.modulusBits}-bit RSA).`,
        ["Fingerprint: ", paint("bold", fingerprint)],
        "",
        `Upload it:  ${nextCommand(values, ["key", "set", target], { callsApi: true })}`,
      );
    return ExitCode.OK;
  },
};
