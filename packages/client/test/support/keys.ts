// Keys made by node:crypto and the openssl CLI (not by the code under test).
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function rsa(modulusLength: number) {
  return generateKeyPairSync("rsa", {
    modulusLength,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

const rsa2048 = rsa(2048);
const pkcs1 = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "pkcs1", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});

/** A self-signed certificate made with `openssl req` for the 2048-bit key. */
function certificate(privateKeyPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), "d360-client-cert-"));
  try {
    const keyFile = join(dir, "key.pem");
    const certFile = join(dir, "cert.pem");
    execFileSync("sh", ["-c", `cat > "${keyFile}"`], { input: privateKeyPem });
    execFileSync(
      "openssl",
      [
        "req",
        "-new",
        "-x509",
        "-key",
        keyFile,
        "-subj",
        "/CN=test",
        "-days",
        "1",
        "-out",
        certFile,
      ],
      {
        stdio: "ignore",
      },
    );
    return readFileSync(certFile, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const keys = {
  /** 2048-bit RSA SPKI PEM: what WhatsApp wants. */
  publicPem: rsa2048.publicKey,
  /** Its PKCS#8 private key: must never be uploaded. */
  privatePem: rsa2048.privateKey,
  /** PKCS#1 `RSA PUBLIC KEY` PEM of another 2048-bit key. */
  pkcs1PublicPem: pkcs1.publicKey,
  /** PKCS#1 `RSA PRIVATE KEY` PEM. */
  pkcs1PrivatePem: pkcs1.privateKey,
  /** 1024-bit RSA: too small. */
  smallPublicPem: rsa(1024).publicKey,
  /** EC P-256 public key: not RSA. */
  ecPublicPem: generateKeyPairSync("ec", {
    namedCurve: "P-256",
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  }).publicKey,
  /** A self-signed X.509 certificate. */
  certificatePem: certificate(rsa2048.privateKey),
};
