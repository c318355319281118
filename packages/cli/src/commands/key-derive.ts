import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { derivePublicKey, publicKeyFingerprint } from "@d360-messaging/keys";
import type { CommandSpec } from "../command.js";
import { passphraseEnvOption, privateKeyOption, readPassphrase } from "../config.js";
import { UsageError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { readInput, writeFilesAtomically } from "../files.js";
import type { Io } from "../io.js";
import { nextCommand } from "../next-command.js";
import { paint } from "../output.js";

/**
 * Refuses an --out that is the private key being read, however it is spelled (`./keys/../keys/x`,
 * a symlink, a hard link): the same file on the same device. With --force it would be replaced
 * by its own public half, and the private key would be gone.
 */
async function refuseOutOverInput(privateKey: string, out: string, io: Io): Promise<void> {
  if (privateKey === "-") return;
  const [input, target] = await Promise.all(
    [privateKey, out].map((path) => stat(resolve(io.cwd, path)).catch(() => undefined)),
  );
  if (input === undefined || target === undefined) return;
  if (input.dev === target.dev && input.ino === target.ino)
    throw new UsageError(
      `--out names the private key that --private-key reads; writing there would replace the private key with its public half.`,
      {
        hint: "Write the public key to another file, e.g. --out public.pem beside the private key.",
      },
    );
}

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
    const privateKey = values["private-key"] as string;
    if (typeof values.out === "string") await refuseOutOverInput(privateKey, values.out, io);
    const passphrase = readPassphrase(values, io, out);
    const input = await readInput(privateKey, io, "private key");
    const key = await derivePublicKey(input, passphrase === undefined ? {} : { passphrase });
    const fingerprint = await publicKeyFingerprint(key);
    const target = typeof values.out === "string" ? values.out : null;
    if (target !== null)
      await writeFilesAtomically(
        [{ path: resolve(io.cwd, target), label: target, content: key.pem, mode: 0o644 }],
        {
          force: values.force === true,
          refusalHint: "Choose another --out FILE, or pass --force to replace it.",
        },
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
