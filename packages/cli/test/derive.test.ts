import { createPrivateKey, createPublicKey } from "node:crypto";
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  d360,
  expectNoSecretsInOutput,
  type Fixtures,
  json,
  makeFixtures,
  opensshStyleFingerprint,
  PASSPHRASE,
  removeTempDirs,
  tempDir,
} from "./helpers.js";

let fixtures: Fixtures;
/** The public half as node:crypto (OpenSSL) derives it, not our code. */
let expected: string;

beforeAll(() => {
  fixtures = makeFixtures();
  expected = createPublicKey(createPrivateKey(readFileSync(fixtures.otherPrivate, "utf8")))
    .export({ type: "spki", format: "pem" })
    .toString();
});

afterAll(() => {
  expectNoSecretsInOutput();
  removeTempDirs();
});

describe("d360 key derive", () => {
  it("prints the public half on stdout (only the PEM) and its fingerprint on stderr", async () => {
    const run = await d360(["key", "derive", "--private-key", fixtures.otherPrivate]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expected);
    expect(run.stderr).toBe(`Fingerprint: ${opensshStyleFingerprint(expected)} (2048-bit RSA)\n`);
  });

  it("writes --out (0644), refuses to replace it without --force, and replaces it with --force", async () => {
    const dir = tempDir();
    const out = join(dir, "public.pem");
    const run = await d360(["key", "derive", "--private-key", fixtures.otherPrivate, "--out", out]);
    expect(run.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expected);
    expect(statSync(out).mode & 0o777).toBe(0o644);
    expect(run.stdout).toContain(`Fingerprint: ${opensshStyleFingerprint(expected)}`);
    expect(run.stdout).toContain(`d360 key set ${out}`);

    writeFileSync(out, "someone else's key");
    const refused = await d360([
      "key",
      "derive",
      "--private-key",
      fixtures.otherPrivate,
      "--out",
      out,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Refusing to overwrite");
    expect(readFileSync(out, "utf8")).toBe("someone else's key");

    const forced = await d360([
      "key",
      "derive",
      "--private-key",
      fixtures.otherPrivate,
      "--out",
      out,
      "--force",
      "--json",
    ]);
    expect(forced.code).toBe(0);
    expect(json(forced)).toEqual({
      publicKeyPem: expected,
      fingerprint: opensshStyleFingerprint(expected),
      modulusBits: 2048,
      out,
    });
    expect(readFileSync(out, "utf8")).toBe(expected);
    expect(readdirSync(dir)).toEqual(["public.pem"]);
  });

  it("decrypts with --passphrase-env, and says what to do without it or with a wrong one", async () => {
    const dir = tempDir();
    expect(
      (
        await d360(["keygen", "--out", dir, "--passphrase-env", "KEY_PASS"], {
          env: { KEY_PASS: PASSPHRASE },
        })
      ).code,
    ).toBe(0);
    const privateKey = join(dir, "private.pem");
    const ok = await d360(
      ["key", "derive", "--private-key", privateKey, "--passphrase-env", "KEY_PASS"],
      { env: { KEY_PASS: PASSPHRASE } },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(readFileSync(join(dir, "public.pem"), "utf8"));

    const missing = await d360(["key", "derive", "--private-key", privateKey]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("but no passphrase.");
    expect(missing.stderr).toContain("--passphrase-env D360_KEY_PASSPHRASE");

    const wrong = await d360(
      ["key", "derive", "--private-key", privateKey, "--passphrase-env", "KEY_PASS"],
      { env: { KEY_PASS: "not-the-passphrase-123" } },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("does not decrypt");
  });

  it("refuses a public key, an EC key and a missing --private-key in d360's own words", async () => {
    const publicGiven = await d360(["key", "derive", "--private-key", fixtures.otherPublic]);
    expect(publicGiven.code).toBe(2);
    expect(publicGiven.stderr).toContain("that is a public key");

    const ecDir = tempDir();
    const ec = join(ecDir, "ec.pem");
    writeFileSync(
      ec,
      (await import("node:crypto"))
        .generateKeyPairSync("ec", { namedCurve: "prime256v1" })
        .privateKey.export({ type: "pkcs8", format: "pem" }),
    );
    const notRsa = await d360(["key", "derive", "--private-key", ec, "--json"]);
    expect(notRsa.code).toBe(2);
    expect(json(notRsa)).toMatchObject({
      error: { type: "key_format", code: "NOT_RSA", hint: expect.stringContaining("d360 keygen") },
    });

    const noFlag = await d360(["key", "derive"]);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain("'d360 key derive' needs --private-key");
  });

  it("never writes --out over the private key it reads, however the path is spelled", async () => {
    const dir = tempDir();
    const privateKey = join(dir, "private.pem");
    const pem = readFileSync(fixtures.otherPrivate, "utf8");
    writeFileSync(privateKey, pem);
    symlinkSync(privateKey, join(dir, "link.pem"));
    linkSync(privateKey, join(dir, "hard.pem"));
    mkdirSync(join(dir, "sub"));
    for (const out of [
      privateKey,
      "private.pem",
      "./sub/../private.pem",
      join(dir, "sub", "..", "private.pem"),
      "link.pem",
      "hard.pem",
    ]) {
      const run = await d360(
        ["key", "derive", "--private-key", privateKey, "--out", out, "--force", "--json"],
        { cwd: dir },
      );
      expect(run.code, out).toBe(2);
      expect(json(run)).toMatchObject({
        error: { type: "usage", message: expect.stringContaining("--out names the private key") },
      });
      expect(readFileSync(privateKey, "utf8"), out).toBe(pem);
      expect(lstatSync(join(dir, "link.pem")).isSymbolicLink()).toBe(true);
    }
    expect(readdirSync(dir).sort()).toEqual(["hard.pem", "link.pem", "private.pem", "sub"]);
  });
});
