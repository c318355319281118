import { dirname, join } from "node:path";
import { derivePublicKey, parsePublicKey, publicKeyFingerprint } from "@d360-messaging/keys";
import type { CommandSpec, OptionValues } from "../command.js";
import { clientFrom, passphraseEnvOption, privateKeyOption, readPassphrase } from "../config.js";
import { ExitCode } from "../exit-codes.js";
import { readInput } from "../files.js";
import type { Io } from "../io.js";
import { nextCommand } from "../next-command.js";
import { paint } from "../output.js";
import { fetchUploadedKey, type UploadedKey } from "../uploaded-key.js";

/** One finding of `d360 doctor`. */
export interface DoctorCheck {
  /** Which check: a key is uploaded, its signature status is VALID, its fingerprint is the private key's. */
  id: "uploaded" | "signature" | "fingerprint";
  /** `skip` when an earlier failure makes the check meaningless (nothing uploaded to compare). */
  status: "pass" | "fail" | "skip";
  /** What was found, in a sentence. */
  message: string;
  /** For a failure: the one thing to do that fixes it. */
  action?: string;
}

/** The private key `d360 doctor` was given, as described in its `--json` output. */
export interface DoctorPrivateKey {
  /** The --private-key path as given. */
  path: string;
  /** `SHA256:…` of its public half. */
  fingerprint: string;
  /** RSA modulus size. */
  modulusBits: number;
}

/** `d360 doctor --json` output. */
export interface DoctorResult {
  /** True only when every check passed; the exit code is then 0. */
  ok: boolean;
  /** The local private key: its path as given, and its public half's fingerprint and size. */
  privateKey: DoctorPrivateKey;
  /** What the API reports about the uploaded key, as `d360 key get --json` prints it. */
  uploaded: UploadedKey;
  /** The checks in order: `uploaded`, `signature`, `fingerprint`. */
  checks: DoctorCheck[];
}

/**
 * The public.pem to name in the fix: the one beside the private key when it really is its public
 * half (as `d360 keygen` leaves it), otherwise a placeholder the user has to fill in.
 */
async function matchingPublicKeyFile(
  privateKeyPath: string,
  io: Io,
  fingerprint: string,
): Promise<string> {
  const candidate = join(dirname(privateKeyPath), "public.pem");
  try {
    const key = parsePublicKey(await readInput(candidate, io, "public key"));
    if ((await publicKeyFingerprint(key)) === fingerprint) return candidate;
  } catch {
    // Missing or not a public key: fall through to the placeholder.
  }
  return "PUBLIC_KEY.pem";
}

function diagnose(
  localFingerprint: string,
  uploaded: UploadedKey,
  publicKeyFile: string,
  values: OptionValues,
): DoctorCheck[] {
  const upload = nextCommand(values, ["key", "set", publicKeyFile], { callsApi: true });
  const publicNote =
    publicKeyFile === "PUBLIC_KEY.pem"
      ? " (PUBLIC_KEY.pem: the public key made together with this private key)"
      : "";
  if (!uploaded.uploaded)
    return [
      {
        id: "uploaded",
        status: "fail",
        message: "No business public key is uploaded for this number.",
        action: `Upload the public half of this private key: ${upload}${publicNote}`,
      },
      { id: "signature", status: "skip", message: "Nothing uploaded to check." },
      { id: "fingerprint", status: "skip", message: "Nothing uploaded to compare." },
    ];
  const checks: DoctorCheck[] = [
    { id: "uploaded", status: "pass", message: "A business public key is uploaded." },
  ];
  if (uploaded.status === "VALID")
    checks.push({ id: "signature", status: "pass", message: "Signature status is VALID." });
  else
    checks.push({
      id: "signature",
      status: "fail",
      message:
        uploaded.status === "MISMATCH"
          ? "Signature status is MISMATCH: WhatsApp no longer accepts the uploaded key's signature (this happens when the number is re-registered)."
          : "The API reported no signature status for the uploaded key.",
      action:
        uploaded.status === "MISMATCH"
          ? `Re-upload the public key after re-registering the number: ${upload}${publicNote}`
          : `Re-upload the public key so that WhatsApp signs it again: ${upload}${publicNote}`,
    });
  if (uploaded.fingerprint === null)
    checks.push({
      id: "fingerprint",
      status: "fail",
      message: `The uploaded key cannot be read${uploaded.keyError === undefined ? "" : `: ${uploaded.keyError}`}`,
      action: `Replace it with the public half of this private key: ${upload}${publicNote}`,
    });
  else if (uploaded.fingerprint === localFingerprint)
    checks.push({
      id: "fingerprint",
      status: "pass",
      message: `Fingerprints match (${localFingerprint}).`,
    });
  else
    checks.push({
      id: "fingerprint",
      status: "fail",
      message: `Fingerprints differ: the uploaded key (${uploaded.fingerprint}) is not the public half of the private key (${localFingerprint}), so WhatsApp encrypts for a key your endpoint cannot decrypt with.`,
      action: `Upload the public key that belongs to this private key: ${upload}${publicNote}`,
    });
  return checks;
}

export const doctor: CommandSpec = {
  path: ["doctor"],
  summary: "Check the uploaded key against your private key and say how to fix what is wrong",
  description: `Fetches the uploaded business public key, derives the public half of your private key, and
reports: whether a key is uploaded, its signature status (VALID or MISMATCH), and whether the
fingerprints match. For each problem it prints the one action that fixes it. Run it when Flows
fail with "business-decryption-error" or HTTP 421.

Exits 0 only when all checks pass, 1 when one fails, 2 when the private key cannot be read,
3 when the API cannot be reached or refuses the API key.`,
  examples: [
    "d360 doctor --private-key keys/private.pem",
    "d360 doctor --private-key keys/private.pem --passphrase-env D360_KEY_PASSPHRASE --json",
  ],
  options: {
    "private-key": privateKeyOption("The private key your Flows endpoint uses"),
    "passphrase-env": passphraseEnvOption(
      "The private key's passphrase is in environment variable VAR.",
    ),
  },
  callsApi: true,
  positionals: { min: 0, max: 0, names: "" },
  requiredOptions: ["private-key"],
  async run({ values, io, out, json, onFinish }) {
    const path = values["private-key"] as string;
    const passphrase = readPassphrase(values, io, out);
    const input = await readInput(path, io, "private key");
    const local = await derivePublicKey(input, passphrase === undefined ? {} : { passphrase });
    const localFingerprint = await publicKeyFingerprint(local);
    const client = clientFrom(values, io, out, onFinish);
    const uploaded = await fetchUploadedKey(client);
    const publicKeyFile = await matchingPublicKeyFile(path, io, localFingerprint);
    const checks = diagnose(localFingerprint, uploaded, publicKeyFile, values);
    const result: DoctorResult = {
      ok: checks.every((check) => check.status === "pass"),
      privateKey: { path, fingerprint: localFingerprint, modulusBits: local.modulusBits },
      uploaded,
      checks,
    };
    const exitCode = result.ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
    if (json) {
      out.json(result);
      return exitCode;
    }
    const label = {
      pass: paint("green", "PASS"),
      fail: paint("red", "FAIL"),
      skip: paint("dim", "SKIP"),
    };
    out.out(
      `Private key:  ${path}  ${localFingerprint} (${local.modulusBits}-bit RSA)`,
      `Uploaded key: ${uploaded.fingerprint ?? (uploaded.uploaded ? "(unreadable)" : "(none)")}${uploaded.status === null ? "" : `  ${uploaded.status}`}`,
      "",
    );
    for (const check of checks) {
      out.out([label[check.status], `  ${check.message}`]);
      if (check.action !== undefined)
        out.out(["      ", paint("bold", "Fix:"), ` ${check.action}`]);
    }
    const failures = checks.filter((check) => check.status === "fail").length;
    out.out(
      "",
      result.ok
        ? [paint("green", "All good: WhatsApp encrypts for the key your endpoint holds.")]
        : [paint("red", `${failures} problem${failures === 1 ? "" : "s"} found.`)],
    );
    return exitCode;
  },
};
