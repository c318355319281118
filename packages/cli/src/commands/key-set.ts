import { dirname, join } from "node:path";
import {
  derivePublicKey,
  isKeyFormatError,
  type PublicKeyInfo,
  parsePublicKey,
  publicKeyFingerprint,
} from "@d360-messaging/keys";
import type { CommandSpec, OptionValues } from "../command.js";
import { clientFrom } from "../config.js";
import { KeyRefusedError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { readInput } from "../files.js";
import type { Io } from "../io.js";
import { isFile, nextCommand, shellWord } from "../next-command.js";
import { paint } from "../output.js";

/**
 * What to do with a private key given to `key set`: the `key derive` pipe that uploads its public
 * half, only when `key derive` takes this key (with a passphrase if it is encrypted); otherwise,
 * why it cannot serve WhatsApp's encryption and how to make a key that can.
 */
async function privateKeyAdvice(input: Uint8Array, source: string, values: OptionValues) {
  const upload = nextCommand(values, ["key", "set", "-"], { callsApi: true });
  const derive = (extra: string[]) =>
    `d360 key derive --private-key ${shellWord(source)}${extra.map((word) => ` ${word}`).join("")} | ${upload}`;
  try {
    await derivePublicKey(input);
  } catch (error) {
    if (!isKeyFormatError(error)) throw error;
    if (error.code === "PASSPHRASE_REQUIRED")
      return source === "-"
        ? `Upload its public half instead: pipe the same input into d360 key derive --private-key - --passphrase-env D360_KEY_PASSPHRASE | ${upload}`
        : `Upload its public half instead: ${derive(["--passphrase-env", "D360_KEY_PASSPHRASE"])} (export D360_KEY_PASSPHRASE first).`;
    // key derive would refuse it too (an EC key, too small, a format it cannot read): no
    // command that would fail is suggested.
    return `Its public half would not do either: ${error.found ?? "d360 key derive cannot read it."} d360 keygen creates a 2048-bit RSA key pair that WhatsApp accepts.`;
  }
  return source === "-"
    ? `Upload its public half instead: pipe the same input into d360 key derive --private-key - | ${upload}`
    : `Upload its public half instead: ${derive([])}`;
}

/** The public key in `input`, or a refusal with advice for this input. */
async function readPublicKey(
  input: Uint8Array,
  source: string,
  values: OptionValues,
): Promise<PublicKeyInfo> {
  try {
    return parsePublicKey(input);
  } catch (error) {
    if (isKeyFormatError(error) && error.code === "PRIVATE_KEY")
      throw new KeyRefusedError(error, await privateKeyAdvice(input, source, values));
    throw error;
  }
}

/** Whether the private key in `path` needs a passphrase, as the keys package finds when deriving. */
async function needsPassphrase(path: string, io: Io): Promise<boolean> {
  try {
    await derivePublicKey(await readInput(path, io, "private key"));
    return false;
  } catch (error) {
    return isKeyFormatError(error) && error.code === "PASSPHRASE_REQUIRED";
  }
}

/**
 * `doctor --private-key …` for the key just uploaded: private.pem beside it, if there is one
 * (with --passphrase-env when it is encrypted, as `keygen --passphrase-env` leaves it).
 */
async function checkCommand(source: string, values: OptionValues, io: Io): Promise<string> {
  const beside = source === "-" ? undefined : join(dirname(source), "private.pem");
  if (beside === undefined || !(await isFile(beside, io)))
    return `${nextCommand(values, ["doctor", "--private-key", "PRIVATE_KEY.pem"], { callsApi: true })}   (PRIVATE_KEY.pem: the private key your Flows endpoint uses)`;
  const encrypted = await needsPassphrase(beside, io);
  const words = ["doctor", "--private-key", beside];
  if (encrypted) words.push("--passphrase-env", "D360_KEY_PASSPHRASE");
  const command = nextCommand(values, words, { callsApi: true });
  return encrypted ? `${command}   (with the passphrase in D360_KEY_PASSPHRASE)` : command;
}

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
  async run({ values, positionals, io, out, json, onFinish }) {
    const source = positionals[0] as string;
    const input = await readInput(source, io, "public key");
    // Validated here, before the API key is even looked at, so a wrong file is reported as such; the
    // client validates again before sending.
    const key = await readPublicKey(input, source, values);
    const fingerprint = await publicKeyFingerprint(key);
    const client = clientFrom(values, io, out, onFinish);
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
      `Check it against your private key:  ${await checkCommand(source, values, io)}`,
    );
    return ExitCode.OK;
  },
};
