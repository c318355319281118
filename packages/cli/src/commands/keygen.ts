import { join, resolve } from "node:path";
import { generateKeyPair, parsePublicKey, publicKeyFingerprint } from "@d360-messaging/keys";
import type { CommandSpec } from "../command.js";
import { passphraseEnvOption, readPassphrase } from "../config.js";
import { ExitCode } from "../exit-codes.js";
import { writeFilesAtomically } from "../files.js";
import { nextCommand } from "../next-command.js";
import { paint } from "../output.js";

/** `d360 keygen --json` output. */
export interface KeygenResult {
  /** Where the private key was written, as given (relative to the working directory unless --out was absolute). */
  privateKey: string;
  /** Where the public key was written, as given. */
  publicKey: string;
  /** Whether private.pem is encrypted with a passphrase. */
  encrypted: boolean;
  /** `SHA256:…` of the public key, as `key get`, `key set` and `doctor` print it. */
  fingerprint: string;
  /** RSA modulus size: 2048. */
  modulusBits: number;
}

export const keygen: CommandSpec = {
  path: ["keygen"],
  summary: "Generate a new RSA key pair: private.pem (0600) and public.pem",
  description: `Writes private.pem (PKCS#8, mode 0600; encrypted when a passphrase is given) and public.pem
(SPKI) into DIR, and prints the public key's fingerprint. Upload public.pem with "d360 key set";
deploy private.pem to your Flows endpoint. Each file is written to a temporary file, flushed and
renamed, so a key is never half-written, and both files are replaced or neither. Refuses to
overwrite an existing private.pem or public.pem without --force.`,
  examples: [
    "d360 keygen --out keys",
    "read -rs D360_KEY_PASSPHRASE && export D360_KEY_PASSPHRASE",
    "d360 keygen --out keys --passphrase-env D360_KEY_PASSPHRASE",
  ],
  options: {
    out: {
      type: "string",
      value: "DIR",
      description: "Directory to write into (created if missing). Default: the current directory.",
    },
    "passphrase-env": passphraseEnvOption(
      "Encrypt private.pem with the passphrase held in environment variable VAR.",
    ),
    force: {
      type: "boolean",
      description: "Replace existing key files, both or neither. The old private key is lost.",
    },
  },
  callsApi: false,
  positionals: { min: 0, max: 0, names: "" },
  async run({ values, io, out, json }) {
    const passphrase = readPassphrase(values, io, out);
    const dir = typeof values.out === "string" ? values.out : ".";
    const privateKey = join(dir, "private.pem");
    const publicKey = join(dir, "public.pem");
    const pair = await generateKeyPair(passphrase === undefined ? {} : { passphrase });
    const info = parsePublicKey(pair.publicKeyPem);
    const fingerprint = await publicKeyFingerprint(info);
    await writeFilesAtomically(
      [
        {
          path: resolve(io.cwd, privateKey),
          label: privateKey,
          content: pair.privateKeyPem,
          mode: 0o600,
        },
        {
          path: resolve(io.cwd, publicKey),
          label: publicKey,
          content: pair.publicKeyPem,
          mode: 0o644,
        },
      ],
      { force: values.force === true },
    );
    const result: KeygenResult = {
      privateKey,
      publicKey,
      encrypted: passphrase !== undefined,
      fingerprint,
      modulusBits: info.modulusBits,
    };
    if (json) {
      out.json(result);
      return ExitCode.OK;
    }
    out.out(
      `Wrote ${privateKey} (${result.encrypted ? "encrypted, " : ""}mode 0600) and ${publicKey} (${result.modulusBits}-bit RSA).`,
      ["Fingerprint: ", paint("bold", fingerprint)],
      "",
      `Next: upload the public key:  ${nextCommand(values, ["key", "set", publicKey], { callsApi: true })}`,
      `Keep ${privateKey} secret: your Flows endpoint needs it to decrypt requests.`,
    );
    return ExitCode.OK;
  },
};
