// Generates every OpenSSL fixture once per test run (RSA 4096 alone takes seconds on a shared
// machine) into a temporary directory that the test files read through inject("fixtureDir").
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { FIXTURE_PASSPHRASE } from "./constants.js";

declare module "vitest" {
  export interface ProvidedContext {
    fixtureDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "d360-keys-"));
  // The passphrase reaches openssl through the environment, never the command line.
  const env = { ...process.env, FIXTURE_PASS: FIXTURE_PASSPHRASE };
  const openssl = (...args: string[]): void => {
    execFileSync("openssl", args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
  };
  const passOut = ["-passout", "env:FIXTURE_PASS"];
  const passIn = ["-passin", "env:FIXTURE_PASS"];

  for (const bits of [1024, 2048, 3072, 4096]) {
    const name = `rsa${bits}`;
    openssl(
      "genpkey",
      "-algorithm",
      "RSA",
      "-pkeyopt",
      `rsa_keygen_bits:${bits}`,
      "-out",
      `${name}.pem`,
    );
    openssl("pkey", "-in", `${name}.pem`, "-pubout", "-out", `${name}.pub.pem`);
    openssl("pkey", "-in", `${name}.pem`, "-pubout", "-outform", "DER", "-out", `${name}.pub.der`);
    openssl("rsa", "-in", `${name}.pem`, "-RSAPublicKey_out", "-out", `${name}.pkcs1.pub.pem`);
    openssl(
      "rsa",
      "-in",
      `${name}.pem`,
      "-RSAPublicKey_out",
      "-outform",
      "DER",
      "-out",
      `${name}.pkcs1.pub.der`,
    );
    openssl("rsa", "-in", `${name}.pem`, "-traditional", "-out", `${name}.pkcs1.pem`);
    openssl(
      "rsa",
      "-in",
      `${name}.pem`,
      "-traditional",
      "-outform",
      "DER",
      "-out",
      `${name}.pkcs1.der`,
    );
    openssl("pkey", "-in", `${name}.pem`, "-outform", "DER", "-out", `${name}.der`);
  }
  const pkcs8 = (out: string, ...args: string[]): void =>
    openssl("pkcs8", "-topk8", "-in", "rsa2048.pem", ...args, ...passOut, "-out", out);
  pkcs8("pbes2-aes256-sha256.pem", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256");
  pkcs8(
    "pbes2-aes256-sha256.der",
    "-v2",
    "aes-256-cbc",
    "-v2prf",
    "hmacWithSHA256",
    "-outform",
    "DER",
  );
  pkcs8("pbes2-aes128-sha1.pem", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1");
  pkcs8("pbes2-aes192-sha512.pem", "-v2", "aes-192-cbc", "-v2prf", "hmacWithSHA512");
  pkcs8("pbes2-des3.pem", "-v2", "des3");
  pkcs8("pbes2-des3-sha256.pem", "-v2", "des3", "-v2prf", "hmacWithSHA256");
  pkcs8("pbes2-aes256-sha224.pem", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA224");
  pkcs8("pbes1-sha1-3des.pem", "-v1", "PBE-SHA1-3DES");
  openssl(
    "pkcs8",
    "-topk8",
    "-in",
    "rsa4096.pem",
    "-v2",
    "aes-256-cbc",
    "-v2prf",
    "hmacWithSHA256",
    ...passOut,
    "-out",
    "rsa4096.pbes2.pem",
  );
  for (const cipher of ["des3", "aes128", "aes192", "aes256"]) {
    openssl(
      "rsa",
      "-in",
      "rsa2048.pem",
      "-traditional",
      `-${cipher}`,
      ...passOut,
      "-out",
      `legacy-${cipher}.pem`,
    );
  }

  openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem");
  openssl("pkey", "-in", "ec.pem", "-pubout", "-out", "ec.pub.pem");
  openssl("ec", "-in", "ec.pem", "-out", "ec.sec1.pem");
  openssl(
    "pkcs8",
    "-topk8",
    "-in",
    "ec.pem",
    "-v2",
    "aes-256-cbc",
    ...passOut,
    "-out",
    "ec.pbes2.pem",
  );
  openssl("genpkey", "-algorithm", "ED25519", "-out", "ed25519.pem");
  openssl("pkey", "-in", "ed25519.pem", "-pubout", "-out", "ed25519.pub.pem");
  openssl(
    "genpkey",
    "-algorithm",
    "RSA-PSS",
    "-pkeyopt",
    "rsa_keygen_bits:2048",
    "-out",
    "rsa-pss.pem",
  );
  openssl("pkey", "-in", "rsa-pss.pem", "-pubout", "-out", "rsa-pss.pub.pem");

  const subject = ["-subj", "/CN=d360-messaging test"];
  openssl("req", "-x509", "-key", "rsa2048.pem", ...subject, "-days", "1", "-out", "cert.pem");
  openssl("x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der");
  openssl("req", "-new", "-key", "rsa2048.pem", ...subject, "-out", "csr.pem");
  // Confirms the encrypted fixtures really are encrypted under the fixture passphrase.
  openssl("pkey", "-in", "pbes2-des3.pem", ...passIn, "-noout");

  project.provide("fixtureDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
